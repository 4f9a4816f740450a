/** libp2p protocol ids and limits of the LEAG network. */
export const PROTOCOLS = {
  /** One core ConsensusMessage per stream (length-prefixed). */
  consensus: '/leag/consensus/1.0.0',
  /** One SignedTx per stream: tx and order propagation. */
  tx: '/leag/tx/1.0.0',
  /** Request (from height u64, max u32) → up to max SyncItems (block bytes + certificate bytes). */
  sync: '/leag/sync/1.0.0',
} as const;

export type Protocol = (typeof PROTOCOLS)[keyof typeof PROTOCOLS];

/** Max blocks per sync answer. */
export const SYNC_BATCH = 32;
/** Max queued outbound messages per peer; beyond it new ones are dropped (consensus re-sends). */
export const MAX_PEER_QUEUE = 2048;
/** Reconnect back-off bounds, ms. */
export const BACKOFF_MIN_MS = 250;
export const BACKOFF_MAX_MS = 10_000;
/** A stream that sends nothing for this long is aborted. */
export const STREAM_TIMEOUT_MS = 10_000;
