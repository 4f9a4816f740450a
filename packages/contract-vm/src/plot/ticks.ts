/** Axis ranges and "nice" ticks (steps of 1, 2 or 5 times a power of ten). */

export interface Axis {
  readonly min: number;
  readonly max: number;
  readonly ticks: readonly number[];
  /** Decimals that show every tick exactly. */
  readonly decimals: number;
}

function niceStep(span: number, target: number): number {
  const raw = span / Math.max(1, target);
  const pow = 10 ** Math.floor(Math.log10(raw));
  const f = raw / pow;
  const m = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return m * pow;
}

/** An axis covering [lo, hi] with about `target` ticks; a degenerate range is widened. */
export function niceAxis(lo: number, hi: number, target = 6): Axis {
  let a = Number.isFinite(lo) ? lo : 0;
  let b = Number.isFinite(hi) ? hi : 1;
  if (a > b) [a, b] = [b, a];
  if (a === b) {
    const d = a === 0 ? 1 : Math.abs(a) * 0.1;
    a -= d;
    b += d;
  }
  const step = niceStep(b - a, target);
  const min = Math.floor(a / step + 1e-9) * step;
  const max = Math.ceil(b / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let k = 0; min + k * step <= max + step * 1e-9; k++) ticks.push(Number((min + k * step).toPrecision(12)));
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return { min, max, ticks, decimals };
}

/** Tick text: fixed decimals, thousands kept plain, minus as a real minus sign. */
export function formatTick(v: number, decimals: number): string {
  const s = (Math.abs(v) < 1e-12 ? 0 : v).toFixed(decimals);
  return s.startsWith('-') ? `−${s.slice(1)}` : s;
}
