/**
 * One-byte key prefixes of the node's single LevelDB. A number is never reused: a retired bucket
 * stays here as a comment so old stores can never be misread (Lodestar's db/buckets.ts rule).
 */
export enum Bucket {
  /** Store metadata: schema version, genesis hash, head pointer. Key: ascii name. */
  meta = 0x01,
  /** Committed block bytes by height (8-byte big-endian). */
  blockByHeight = 0x02,
  /** Block hash (32 bytes) → height (8-byte big-endian). */
  heightByHash = 0x03,
  /** Commit certificate bytes of the block at a height. */
  certByHeight = 0x04,
  /** Tx id (32 bytes) → height (8) + position in block (4). */
  txIndex = 0x05,
  /** Consensus write-ahead log: sequence number (8) → entry bytes. */
  consensusWal = 0x06,
  /** Consensus last-signed record (one key). */
  lastSigned = 0x07,
  /** Off-chain accounts: identity (EV pubkey, 33 bytes) → account record bytes. */
  accountByIdentity = 0x08,
  /** Off-chain reverse map: wallet address (20 bytes) → identity. */
  identityByAddress = 0x09,
  /**
   * Ledger state entries (the state root covers exactly these). The byte after this prefix is the
   * state table (see ledger/state-keys.ts), then the table's key.
   */
  state = 0x10,
  /**
   * State writes of a committed block not yet spread into `state` (storage/deferred-writes.ts):
   * height (8-byte big-endian) → the block's writes as one record. Replayed in height order at open.
   */
  deferredWrites = 0x11,
}

/** Prefix byte array for a bucket. */
export function bucketPrefix(b: Bucket): Uint8Array {
  return Uint8Array.of(b);
}
