/**
 * Re-runs a window's clearing locally: the window's order txs go through the same BABG contract
 * (@leag/contract-vm `clear`) with the market parameters in force, exactly as every LEAG does at
 * window close (packages/node/src/ledger/clearing.ts: order id = hex tx id, parameters from the
 * chain's MarketParams decimal strings). The contract sorts its input canonically, so the order in
 * which a node lists the orders does not matter. The chain records the settlement without its
 * unmatched lists (contract-vm settlementRecord), so the hash compared is the record's.
 */
import {
  type ClearInput,
  clear,
  paramsFromChain,
  resolveParams,
  settlementHash,
  settlementRecord,
} from '@leag/contract-vm';
import { LeagError, type MarketParams, type Settlement, type SignedTx, toHex, txId } from '@leag/core';

/** The contract's parameters for the chain's MarketParams (the same mapping every node uses). */
export const contractParamsOf = paramsFromChain;

export interface Recomputed {
  /** The contract's settlement, whole. */
  settlement: Settlement;
  /** The hash the chain records: of the settlement record (unmatched lists implied, left out). */
  hash: string;
}

export function recomputeSettlement(window: bigint, orders: readonly SignedTx[], params: MarketParams): Recomputed {
  const buyers: ClearInput['buyers'][number][] = [];
  const sellers: ClearInput['sellers'][number][] = [];
  for (const stx of orders) {
    const id = toHex(txId(stx.tx));
    const b = stx.tx.buyOrder;
    const s = stx.tx.sellOrder;
    if (b !== undefined) {
      if (b.window !== window)
        throw new LeagError('VERIFY_FOREIGN_ORDER', `order ${id} is for window ${b.window}, not ${window}`);
      buyers.push({
        id,
        dMinWh: b.dMinWh,
        dMaxWh: b.dMaxWh,
        omegaPpm: b.omegaPpm,
        price: b.price,
        priceMax: b.priceMax,
      });
    } else if (s !== undefined) {
      if (s.window !== window)
        throw new LeagError('VERIFY_FOREIGN_ORDER', `order ${id} is for window ${s.window}, not ${window}`);
      sellers.push({ id, sMaxWh: s.sMaxWh, price: s.price, priceMin: s.priceMin });
    } else {
      throw new LeagError(
        'VERIFY_NOT_AN_ORDER',
        `tx ${id} in the window's order list is neither a buy nor a sell order`,
      );
    }
  }
  const settlement = clear({ window, params: resolveParams(contractParamsOf(params)), buyers, sellers })
    .settlement as Settlement;
  return { settlement, hash: settlementHash(settlementRecord(settlement)) };
}
