/**
 * Compares two V8 heap snapshots (.heapsnapshot, e.g. written on SIGUSR2 under
 * `--heapsnapshot-signal`) by node type and constructor/name: count and self size of each group,
 * early and late, sorted by growth. Snapshots hold only live objects (V8 collects before writing),
 * so what grows here is retained, not garbage.
 * Run alone: `node --import tsx bench/e2e/heap-diff.ts early.heapsnapshot late.heapsnapshot [top]`.
 */
import { readFileSync } from 'node:fs';

export interface HeapGroup {
  group: string;
  count: number;
  bytes: number;
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Count and self size per "type:name" group (strings, numbers and code grouped by type only). */
export function heapGroups(file: string): Map<string, HeapGroup> {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const f = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const width = f.length;
  const [ti, ni, si] = [f.indexOf('type'), f.indexOf('name'), f.indexOf('self_size')];
  const out = new Map<string, HeapGroup>();
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + ti] as number] ?? '?';
    const byName = type === 'object' || type === 'closure' || type === 'native' || type === 'array';
    const name = byName ? (s.strings[s.nodes[i + ni] as number] ?? '?').slice(0, 60) : '';
    const key = `${type}:${name}`;
    const g = out.get(key) ?? { group: key, count: 0, bytes: 0 };
    g.count++;
    g.bytes += s.nodes[i + si] as number;
    out.set(key, g);
  }
  return out;
}

export interface HeapDiffRow {
  group: string;
  countEarly: number;
  countLate: number;
  mibEarly: number;
  mibLate: number;
  mibGrowth: number;
}

const mib = (b: number) => Math.round((b / 1048576) * 100) / 100;

/** The `top` groups by growth of self size, with the totals. */
export function heapDiff(early: string, late: string, top = 25): { totalMib: [number, number]; rows: HeapDiffRow[] } {
  const a = heapGroups(early);
  const b = heapGroups(late);
  const keys = new Set([...a.keys(), ...b.keys()]);
  const rows: HeapDiffRow[] = [...keys].map((k) => {
    const x = a.get(k) ?? { count: 0, bytes: 0 };
    const y = b.get(k) ?? { count: 0, bytes: 0 };
    return {
      group: k,
      countEarly: x.count,
      countLate: y.count,
      mibEarly: mib(x.bytes),
      mibLate: mib(y.bytes),
      mibGrowth: mib(y.bytes - x.bytes),
    };
  });
  rows.sort((p, q) => q.mibGrowth - p.mibGrowth);
  const total = (m: Map<string, HeapGroup>) => mib([...m.values()].reduce((s, g) => s + g.bytes, 0));
  return { totalMib: [total(a), total(b)], rows: rows.slice(0, top) };
}

if (process.argv[1]?.endsWith('heap-diff.ts')) {
  const [early, late, top] = process.argv.slice(2);
  if (early === undefined || late === undefined) {
    process.stderr.write('usage: heap-diff.ts early.heapsnapshot late.heapsnapshot [top]\n');
    process.exit(2);
  }
  const d = heapDiff(early, late, Number(top ?? 25));
  process.stderr.write(`live heap ${d.totalMib[0]} → ${d.totalMib[1]} MiB\n`);
  for (const r of d.rows)
    process.stderr.write(
      `${r.mibGrowth.toFixed(2).padStart(8)} MiB  ${String(r.countEarly).padStart(8)} → ${String(r.countLate).padEnd(8)} ${r.group}\n`,
    );
  console.log(JSON.stringify(d));
}
