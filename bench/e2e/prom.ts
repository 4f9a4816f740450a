/**
 * Reads nodes' Prometheus /metrics (text format) for the benchmarks: series by their full name
 * with labels, differences between two scrapes, sums over nodes, and a quantile of a histogram's
 * bucket counts (linear inside a bucket, as Prometheus's histogram_quantile does).
 */

/** One scrape: `name{labels}` (labels in the node's order) → value. */
export type Scrape = Map<string, number>;

export function parseMetrics(text: string): Scrape {
  const out: Scrape = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const k = line.lastIndexOf(' ');
    const v = Number(line.slice(k + 1));
    if (k > 0 && Number.isFinite(v)) out.set(line.slice(0, k), v);
  }
  return out;
}

export async function scrape(apiUrl: string): Promise<Scrape> {
  const res = await fetch(`${apiUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new RangeError(`bench: ${apiUrl}/metrics answered ${res.status}`);
  return parseMetrics(await res.text());
}

/** after − before, series by series (a series missing before counts from 0). */
export function delta(before: Scrape, after: Scrape): Scrape {
  const out: Scrape = new Map();
  for (const [k, v] of after) out.set(k, v - (before.get(k) ?? 0));
  return out;
}

/** Sum of several scrapes (e.g. every node's delta). */
export function sumScrapes(xs: readonly Scrape[]): Scrape {
  const out: Scrape = new Map();
  for (const x of xs) for (const [k, v] of x) out.set(k, (out.get(k) ?? 0) + v);
  return out;
}

/** Sum of the series of metric `name` whose labels include every `label="value"` given. */
export function total(s: Scrape, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const [key, v] of s) {
    const brace = key.indexOf('{');
    const n = brace < 0 ? key : key.slice(0, brace);
    if (n !== name) continue;
    const lbl = brace < 0 ? '' : key.slice(brace + 1, -1);
    if (want.every((w) => lbl.split(',').includes(w))) sum += v;
  }
  return sum;
}

/** Value of label `label` in a series key, or undefined. */
export function labelOf(key: string, label: string): string | undefined {
  return new RegExp(`[{,]${label}="([^"]*)"`).exec(key)?.[1];
}

/**
 * The q-quantile of histogram `name` (with `labels`) from cumulative bucket counts; NaN when it
 * has no observations. Inside a bucket the value is interpolated linearly from its lower bound.
 */
export function histogramQuantile(s: Scrape, name: string, q: number, labels: Record<string, string> = {}): number {
  const buckets = new Map<number, number>();
  for (const key of s.keys()) {
    if (!key.startsWith(`${name}_bucket{`)) continue;
    const le = labelOf(key, 'le');
    const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
    if (le === undefined || buckets.has(bound)) continue;
    buckets.set(bound, total(s, `${name}_bucket`, { ...labels, le }));
  }
  const sorted = [...buckets.entries()].sort((a, b) => a[0] - b[0]);
  const count = sorted.at(-1)?.[1] ?? 0;
  if (count <= 0) return Number.NaN;
  const rank = q * count;
  let lower = 0;
  let below = 0;
  for (const [le, c] of sorted) {
    if (c >= rank) {
      if (!Number.isFinite(le)) return lower;
      return c === below ? le : lower + ((le - lower) * (rank - below)) / (c - below);
    }
    lower = le;
    below = c;
  }
  return lower;
}
