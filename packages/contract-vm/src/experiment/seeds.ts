/**
 * Market seeds of the experiments: one per (base seed, run, market shape), so every algorithm and
 * every α at a given point sees the same markets, and a point's markets do not depend on which
 * other points or figures are run. FNV-1a over the text key, 32 bits.
 */
export function seedFor(base: number, run: number, key: string): number {
  let h = 0x811c9dc5;
  const text = `${base >>> 0}:${run}:${key}`;
  for (let k = 0; k < text.length; k++) {
    h ^= text.charCodeAt(k);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
