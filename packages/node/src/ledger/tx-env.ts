/** Where a tx is being applied: the chain, the block's height and time, and its open window. */
import type { ChainContext } from './context.js';

export interface TxEnv {
  readonly ctx: ChainContext;
  readonly height: bigint;
  readonly timestampMs: bigint;
  /** The window open at the block's timestamp (orders must name it). */
  readonly window: bigint;
  /** Index of the block's proposer (receives the LEAG margin of settlements). */
  readonly proposer: number;
}
