/**
 * Block header checks (Lodestar's processBlockHeader: small, fixed order, says what was expected):
 * version, chain, height, parent, time, proposer, tx count and size, parent certificate, tx root.
 */
import { type Block, blockSize, type CommitCertificate, hashOf } from '@leag/core';
import { bytesEqual, toHex } from '../storage/bytes.js';
import { txRootOf } from './codec.js';
import type { ChainContext } from './context.js';
import { need } from './fail.js';
import type { LedgerHead } from './state.js';

export const BLOCK_VERSION = 1;

export interface HeaderCheckOptions {
  /** The local clock, to reject blocks from too far in the future (omit when replaying). */
  nowMs?: bigint;
  /** Checks the parent's commit certificate signatures and weight (consensus supplies it). */
  verifyParentCert?: (cert: CommitCertificate) => void;
}

export function checkHeader(head: LedgerHead, block: Block, ctx: ChainContext, opts: HeaderCheckOptions): void {
  const h = block.header;
  need(
    h.version === BLOCK_VERSION,
    'BLOCK_BAD_VERSION',
    () => `block version must be ${BLOCK_VERSION}, found ${h.version}`,
  );
  need(
    h.chainId === ctx.chainId,
    'BLOCK_WRONG_CHAIN',
    () => `block is for chain "${h.chainId}", this chain is "${ctx.chainId}"`,
  );
  need(
    h.height === head.height + 1n,
    'BLOCK_BAD_HEIGHT',
    () => `block height must be ${head.height + 1n}, found ${h.height}`,
  );
  need(
    bytesEqual(h.parentHash, head.hash),
    'BLOCK_BAD_PARENT',
    () => `parent hash must be ${toHex(head.hash)}, found ${toHex(h.parentHash)}`,
  );
  need(
    h.timestampMs > head.timestampMs,
    'BLOCK_TIMESTAMP_NOT_INCREASING',
    () => `block time ${h.timestampMs} must be after the parent's ${head.timestampMs}`,
  );
  if (opts.nowMs !== undefined) {
    need(
      h.timestampMs <= opts.nowMs + ctx.limits.maxClockDriftMs,
      'BLOCK_TIMESTAMP_FUTURE',
      () =>
        `block time ${h.timestampMs} is more than ${ctx.limits.maxClockDriftMs} ms ahead of the local clock ${opts.nowMs}`,
    );
  }
  need(ctx.validatorKeys.has(h.proposer), 'BLOCK_BAD_PROPOSER', () => `proposer ${h.proposer} is not a validator`);
  need(
    block.txs.length <= ctx.limits.maxBlockTxs,
    'BLOCK_TOO_MANY_TXS',
    () => `block has ${block.txs.length} txs, the limit is ${ctx.limits.maxBlockTxs}`,
  );
  const size = blockSize(block);
  need(
    size <= ctx.limits.maxBlockBytes,
    'BLOCK_TOO_LARGE',
    () => `block is ${size} bytes, the limit is ${ctx.limits.maxBlockBytes}`,
  );
  if (h.height === 1n) {
    need(
      block.parentCert === undefined,
      'BLOCK_BAD_PARENT_CERT',
      'block 1 carries no parent certificate (its parent is genesis)',
    );
  } else {
    const c = block.parentCert;
    need(
      c !== undefined,
      'BLOCK_BAD_PARENT_CERT',
      () => `block ${h.height} must carry the commit certificate of block ${head.height}`,
    );
    need(
      c.height === head.height && bytesEqual(c.blockHash, head.hash),
      'BLOCK_BAD_PARENT_CERT',
      () => `parent certificate is for height ${c.height}, not the parent ${head.height}`,
    );
    opts.verifyParentCert?.(c);
  }
  need(
    bytesEqual(h.parentCertHash, parentCertHashOf(block.parentCert)),
    'BLOCK_BAD_PARENT_CERT',
    'parent_cert_hash is not the hash of the parent certificate the block carries',
  );
  need(
    bytesEqual(txRootOf(block.txs), h.txRoot),
    'BLOCK_BAD_TX_ROOT',
    "tx_root is not the Merkle root of the block's txs",
  );
}

/** The header's commitment to the parent certificate the block carries (empty when it carries none). */
export function parentCertHashOf(cert: CommitCertificate | undefined): Uint8Array {
  return cert === undefined ? new Uint8Array(0) : hashOf('CommitCertificate', cert);
}
