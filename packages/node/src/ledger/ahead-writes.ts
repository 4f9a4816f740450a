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
  /** Which of the entries delete (their hex keys). */
  readonly deletes: number;
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
): AheadWrites {
  const entries = new Map<string, readonly [Uint8Array, Uint8Array | null]>();
  const tables = new Set<number>();
  const add = (key: Uint8Array, value: Uint8Array | null): void => {
    const h = toHex(key);
    if (key.length === 0 || entries.has(h))
      throw new LeagError('STATE_INTERNAL', `a change computed ahead writes ${h || 'an empty key'} twice`);
    entries.set(h, [key, value]);
    tables.add(key[0] as number);
  };
  for (const k of deleted) add(k, null);
  for (const [k, v] of created) add(k, v);
  return { entries, sorted: [...entries.keys()].sort(), deletes: deleted.length, tables, delta };
}

const prepared = new WeakMap<object, AheadWrites>();

/** aheadWritesOf for a result, once per result object (prepared at its arrival, reused by its block). */
export function aheadWrites(a: {
  spent: readonly Uint8Array[];
  created: readonly (readonly [Uint8Array, Uint8Array])[];
  delta: Uint16Array;
}): AheadWrites {
  let w = prepared.get(a);
  if (w === undefined) {
    w = aheadWritesOf(a.spent, a.created, a.delta);
    prepared.set(a, w);
  }
  return w;
}
