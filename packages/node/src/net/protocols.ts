/** libp2p protocol ids and limits of the LEAG network. */
export const PROTOCOLS = {
  /** Core ConsensusMessages, length-prefixed, on a long-lived stream per sender. */
  consensus: '/leag/consensus/2.0.0',
  /** Tx batches (tx-batch-codec.ts), length-prefixed, on a long-lived stream per sender. */
  tx: '/leag/txs/2.0.0',
  /** Request (from height u64, max u32) → up to max SyncItems (block bytes + certificate bytes). */
  sync: '/leag/sync/1.0.0',
} as const;

export type Protocol = (typeof PROTOCOLS)[keyof typeof PROTOCOLS];

/** Max blocks per sync answer. */
export const SYNC_BATCH = 32;
/** Max queued outbound messages per peer and lane; beyond it new ones are dropped (consensus re-sends, mempool re-gossips). */
export const MAX_PEER_QUEUE = 4096;
/** Inbound streams a peer may hold open per protocol (one lane each, plus reopen overlap). */
export const MAX_INBOUND_LANES = 8;
/** Reconnect back-off bounds, ms. */
export const BACKOFF_MIN_MS = 250;
export const BACKOFF_MAX_MS = 10_000;
/** A stream that sends nothing for this long is aborted. */
export const STREAM_TIMEOUT_MS = 10_000;
