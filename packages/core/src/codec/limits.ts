/**
 * Decoding limits: a maximum encoded size per message type and a maximum element count per repeated
 * field, plus a maximum length for any string or bytes field. Defaults are generous for real use and
 * small enough that a hostile peer cannot make a node allocate without bound; every decode call may
 * override them (DecodeOptions).
 */
export const KiB = 1024;
export const MiB = 1024 * KiB;

/** Encoded size limit of a message type that has no entry in MAX_BYTES. */
export const DEFAULT_MAX_BYTES = 64 * KiB;
/** Element count limit of a repeated field that has no entry in MAX_COUNT. */
export const DEFAULT_MAX_COUNT = 1024;
/** Length limit of any string or bytes field (bytes). */
export const DEFAULT_MAX_FIELD_BYTES = 4 * KiB;

/**
 * Codec ceilings (DoS bounds before any rule runs). A window's settlement tx grows with the
 * window's orders (the node caps a window at 40 000 orders: about 13 MB worst case), so the tx
 * types may be as large as a block; submitted and gossiped txs are held to the ledger's own
 * far smaller limit (maxTxBytes) by their callers.
 */
export const MAX_BYTES: Readonly<Record<string, number>> = {
  Tx: 15 * MiB,
  SignedTx: 15 * MiB,
  SettlementTx: 15 * MiB,
  Settlement: 15 * MiB,
  Block: 16 * MiB,
  PrePrepare: 16 * MiB + 64 * KiB,
  PreparedProof: 16 * MiB + 256 * KiB,
  ViewChange: 64 * MiB,
  NewView: 128 * MiB,
  ConsensusMessage: 128 * MiB,
  Genesis: 16 * MiB,
};

export const MAX_COUNT: Readonly<Record<string, number>> = {
  'Block.txs': 20_000,
  'Settlement.pairs': 50_000,
  'Settlement.unmatchedBuyers': 50_000,
  'Settlement.unmatchedSellers': 50_000,
  'Settlement.refunds': 50_000,
  'Genesis.initialOutputs': 200_000,
  'Genesis.validators': 256,
  'AddressGrant.addresses': 256,
  'MerkleProof.siblings': 64,
};

export interface DecodeOptions {
  /** Maximum encoded size in bytes (default: the type's MAX_BYTES entry or DEFAULT_MAX_BYTES). */
  maxBytes?: number;
  /** Per repeated field ("Type.field") maximum element counts, over the defaults. */
  maxCounts?: Readonly<Record<string, number>>;
  /** Maximum length of any string or bytes field. */
  maxFieldBytes?: number;
  /**
   * Skips the final canonical-form check (re-encoding the value and comparing), and with it the
   * sealing of txs nested inside; a Tx whose bytes are the very array a sealed Tx's encoding was
   * remembered in (tx-memo.ts) is that Tx, not decoded at all, and a Tx decoded here is sealed
   * with these very bytes (its id is their hash, and the next trusted decode of them is free).
   * Only for bytes this program encoded itself and whose integrity is checked otherwise (the
   * node's state records, covered by the state root checked at open): the structural checks still
   * run on other bytes. Never for network, API or file input.
   */
  trustedEncoding?: boolean;
  /**
   * A SignedTx this program already holds for the encoding of one in a repeated SignedTx field
   * (found, for instance, by the id `signedTxIdOfEncoding` gives): decode uses that very object
   * instead of building a new one when its remembered canonical encoding (it is sealed) is
   * exactly these bytes; anything else is decoded as usual. A replica holds a proposal's txs in
   * its mempool already, decoded and checked when they were gossiped: the block's copies were a
   * second decode of each order and a second set of objects kept alive until commit
   * (docs/performance.md). Ignored with trustedEncoding.
   */
  heldSignedTx?: (encoding: Uint8Array) => object | undefined;
}

export function maxBytesOf(typeName: string, opts?: DecodeOptions): number {
  return opts?.maxBytes ?? MAX_BYTES[typeName] ?? DEFAULT_MAX_BYTES;
}

export function maxCountOf(key: string, opts?: DecodeOptions): number {
  return opts?.maxCounts?.[key] ?? MAX_COUNT[key] ?? DEFAULT_MAX_COUNT;
}
