/**
 * The state writes of a settlement computed ahead, prepared once for the block that applies them:
 * hex keys, one map of the net writes and the keys in order. A node prepares them when the
 * worker's result arrives (during the settlement lag), so that the settling block's build, its
 * check and its commit read them as they are instead of hashing tens of thousands of keys to hex,
 * inserting them into the block's overlay one by one and sorting them again (each of which took a
 * few hundred ms of every node's event loop on the loaded testnet, inside the chain's longest gap;
 * docs/performance.md).
 */
import { LeagError } from '@leag/core';
import { toHex } from '../storage/bytes.js';

export interface AheadWrites {
  /** hex key → [key, new value (null: deleted)]. */
  readonly entries: ReadonlyMap<string, readonly [Uint8Array, Uint8Array | null]>;
  /** The hex keys, sorted (hex order is byte order). */
  readonly sorted: readonly string[];
  /** State tables (a key's first byte) the writes touch. */
  readonly tables: ReadonlySet<number>;
  /** Σ created − Σ deleted entries, as LtHash lanes. */
  readonly delta: Uint16Array;
}

/** The writes of `deleted` keys and `created` entries (no key twice) with their LtHash change. */
export function aheadWritesOf(
  deleted: readonly Uint8Array[],
  created: readonly (readonly [Uint8Array, Uint8Array])[],
  delta: Uint16Array,
  order?: Uint32Array,
): AheadWrites {
  return runSteps(aheadWritesSteps(deleted, created, delta, order, Number.POSITIVE_INFINITY));
}

/** Runs a stepwise computation (a generator that yields between steps) to its end, in one go. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
  }
}

/**
 * aheadWritesOf in steps: yields after every `per` entries, so that a caller can give its event
 * loop a turn between them (a settlement's tens of thousands of writes, prepared on a node's main
 * thread while the chain goes on). `order`, when given, is the entries' sorted order (indices into
 * the deleted keys then the created entries, as the worker computed it) and is checked instead of
 * sorting again.
 */
export function* aheadWritesSteps(
  deleted: readonly Uint8Array[],
  created: readonly (readonly [Uint8Array, Uint8Array])[],
  delta: Uint16Array,
  order: Uint32Array | undefined,
  per: number,
): Generator<void, AheadWrites> {
  const entries = new Map<string, readonly [Uint8Array, Uint8Array | null]>();
  const hexes: string[] = [];
  const tables = new Set<number>();
  const n = deleted.length + created.length;
  for (let i = 0; i < n; i++) {
    if (i > 0 && i % per === 0) yield;
    const [key, value] =
      i < deleted.length ? [deleted[i] as Uint8Array, null] : (created[i - deleted.length] as [Uint8Array, Uint8Array]);
    const h = toHex(key);
    if (key.length === 0 || entries.has(h))
      throw new LeagError('STATE_INTERNAL', `a change computed ahead writes ${h || 'an empty key'} twice`);
    entries.set(h, [key, value]);
    hexes.push(h);
    tables.add(key[0] as number);
  }
  yield;
  let sorted: string[];
  if (order === undefined) sorted = hexes.sort();
  else {
    if (order.length !== n)
      throw new LeagError('STATE_INTERNAL', `a change computed ahead orders ${order.length} of its ${n} writes`);
    sorted = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      if (i > 0 && i % per === 0) yield;
      const h = hexes[order[i] as number];
      if (h === undefined || (i > 0 && !((sorted[i - 1] as string) < h)))
        throw new LeagError(
          'STATE_INTERNAL',
          `a change computed ahead gives an order that is not its keys sorted (at ${i})`,
        );
      sorted[i] = h;
    }
  }
  return { entries, sorted, tables, delta };
}

/** The sorted order of a change's keys (the deleted keys, then the created entries), for aheadWritesOf. */
export function aheadWritesOrder(
  deleted: readonly Uint8Array[],
  created: readonly (readonly [Uint8Array, Uint8Array])[],
): Uint32Array {
  const hexes = [...deleted.map((k) => toHex(k)), ...created.map(([k]) => toHex(k))];
  const idx = Array.from(hexes.keys()).sort((a, b) => {
    const x = hexes[a] as string;
    const y = hexes[b] as string;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return Uint32Array.from(idx);
}

/**
 * The prepared writes of a result: those the node prepared at its arrival (`prepared`), else
 * prepared now and kept on the result (a result computed in this thread: tests, benchmarks).
 */
export function aheadWrites(a: {
  spent: readonly Uint8Array[];
  created: readonly (readonly [Uint8Array, Uint8Array])[];
  delta: Uint16Array;
  prepared?: AheadWrites;
}): AheadWrites {
  a.prepared ??= aheadWritesOf(a.spent, a.created, a.delta);
  return a.prepared;
}
