/**
 * Height 0: the genesis document's initial coins become UTXOs of a pseudo-tx whose id is the
 * genesis hash; the genesis block (no txs) commits that state and binds the genesis document
 * through its parent_hash.
 */
import { type Block, type Genesis, hashOf, LeagError, MAX_MONEY } from '@leag/core';
import type { BlockResult } from './block.js';
import { BLOCK_VERSION } from './block-header.js';
import { blockHashOf, txRootOf } from './codec.js';
import type { ChainContext } from './context.js';
import { LedgerState } from './state.js';
import { Tables } from './state-tables.js';
import { StateView } from './state-view.js';

export const genesisHashOf = (g: Genesis): Uint8Array => hashOf('Genesis', g);

export function genesisBlock(ctx: ChainContext): BlockResult {
  const g = ctx.genesis;
  const gh = genesisHashOf(g);
  const view = new StateView(new LedgerState());
  const t = new Tables(view);
  let total = 0n;
  g.initialOutputs.forEach((o, i) => {
    if (o.address.length !== 20 || o.value <= 0n || o.escrowWindow !== 0n || o.energyWh !== 0n) {
      throw new LeagError(
        'GENESIS_BAD_OUTPUT',
        `initial output ${i} must pay a positive value to a 20-byte address, with no energy or escrow`,
      );
    }
    total += o.value;
    if (total > MAX_MONEY) throw new LeagError('GENESIS_BAD_OUTPUT', `initial outputs total more than ${MAX_MONEY}`);
    t.putUtxo(gh, i, o);
  });
  t.setSupply({ minted: total, gridIssued: 0n });
  t.setTip({ height: 0n, timestampMs: g.genesisTimeMs, lastClosedWindow: 0n, lastSettledWindow: 0n, endProposer: 0 });
  const { writes, acc } = view.finish();
  const stateRoot = acc.digest();
  const block: Block = {
    header: {
      version: BLOCK_VERSION,
      chainId: g.chainId,
      height: 0n,
      parentHash: gh,
      txRoot: txRootOf([]),
      timestampMs: g.genesisTimeMs,
      proposer: g.validators[0]?.index ?? 0,
      stateRoot,
      settlementHash: new Uint8Array(0),
      parentCertHash: new Uint8Array(0),
    },
    txs: [],
  };
  const hash = blockHashOf(block.header);
  return {
    block,
    hash,
    head: { height: 0n, hash, timestampMs: g.genesisTimeMs },
    writes,
    acc,
    stateRoot,
    txIds: [],
    closes: [],
  };
}
