/**
 * Conversion between the replica's tagged messages and core's wire message (proto
 * ConsensusMessage, a oneof), for the node's network layer. With B = core's Block the message
 * types are core's generated types (checked by test/wire.test.ts).
 */
import type { Block, ConsensusMessage as WireMessage } from '@leag/core';
import type { ConsensusMessage } from './types.js';

export type { WireMessage };

export function toWire(m: ConsensusMessage<Block>): WireMessage {
  switch (m.kind) {
    case 'prePrepare':
      return { prePrepare: m.msg };
    case 'vote':
      return { vote: m.msg };
    case 'checkpoint':
      return { checkpoint: m.msg };
    case 'viewChange':
      return { viewChange: m.msg };
    case 'newView':
      return { newView: m.msg };
  }
}

/** The replica's message for a decoded wire message; null when the oneof is empty. */
export function fromWire(w: WireMessage): ConsensusMessage<Block> | null {
  if (w.prePrepare !== undefined) return { kind: 'prePrepare', msg: w.prePrepare };
  if (w.vote !== undefined) return { kind: 'vote', msg: w.vote };
  if (w.checkpoint !== undefined) return { kind: 'checkpoint', msg: w.checkpoint };
  if (w.viewChange !== undefined) return { kind: 'viewChange', msg: w.viewChange };
  if (w.newView !== undefined) return { kind: 'newView', msg: w.newView };
  return null;
}
