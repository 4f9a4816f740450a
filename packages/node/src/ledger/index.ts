export {
  type AheadWrites,
  aheadWrites,
  aheadWritesOf,
  aheadWritesOrder,
  aheadWritesSteps,
  runSteps,
} from './ahead-writes.js';
export {
  type ApplyOptions,
  applyBlock,
  type BlockResult,
  buildBlock,
  compactBlock,
  type Proposal,
} from './block.js';
export { combineSettlementHashes, dueCloses } from './block-body.js';
export { BLOCK_VERSION, checkHeader, type HeaderCheckOptions } from './block-header.js';
export {
  bookOf,
  closeWindow,
  contractParams,
  type SettleTerms,
  settleBook,
  settleTermsOf,
  type WindowClose,
  windowOrders,
} from './clearing.js';
export {
  addressOf,
  BLOCK_DECODE_LIMITS,
  blockHashOf,
  decodeBlock,
  isHighS,
  txIdOf,
  txRootOf,
  txSigningMessage,
  verifySig,
  verifyVote,
} from './codec.js';
export {
  type ChainContext,
  chainContext,
  DEFAULT_LIMITS,
  type LedgerLimits,
  lastDueWindow,
  windowEnd,
  windowOf,
} from './context.js';
export { genesisBlock, genesisHashOf } from './genesis.js';
export { Ledger } from './ledger-store.js';
export { LTHASH_BYTES, LtHash } from './lthash.js';
export { type LedgerMarket, ledgerMarket } from './market.js';
export {
  aheadTx,
  closeFromAhead,
  type SettlementAhead,
  type SettlementJob,
  type SettlementsAhead,
  settleAhead,
  settlementJob,
  settlementJobSteps,
} from './settlement-ahead.js';
export { type LedgerHead, LedgerState, stateElement } from './state.js';
export { type ChainTip, keys, type Supply, Table, Tables } from './state-tables.js';
export { StateView } from './state-view.js';
export { applyTx } from './tx-apply.js';
export type { TxEnv } from './tx-env.js';
export { checkOrderWindowOpen, escrowFor } from './tx-orders.js';
export { checkTxShape, TX_VERSION } from './tx-shape.js';
export { checkWitnesses, payloadSigner } from './tx-signatures.js';
export { validateTx } from './validate-tx.js';
