/**
 * `verify --window N`: what lets an EV trust the clearing without trusting the LEAG.
 * Given what a node serves for a window (its orders, the settlement tx, the block that carries it
 * and a Merkle proof), checks, in order:
 *  1. every order is signed by its own address's key (the node cannot invent orders);
 *  2. every order of mine for the window is among them (the node cannot drop mine);
 *  3. the contract re-run locally gives the same settlement hash as the settlement in the block;
 *  4. the settlement tx is in the block: its Merkle proof against the header's tx root;
 *  5. the header's settlement hash commits to it (when the block closes this window alone).
 * Each check is reported; `ok` is true only when all pass.
 */
import { settlementHash } from '@leag/contract-vm';
import {
  addressFromPublicKey,
  type BlockHeader,
  bytesEqual,
  concatBytes,
  encode,
  fromHex,
  type MarketParams,
  type MerkleProof,
  type Settlement,
  type SignedTx,
  taggedHash,
  toHex,
  txId,
  verifyMerkleProof,
  verifyWitness,
} from '@leag/core';
import { recomputeSettlement } from './recompute.js';

export interface WindowEvidence {
  window: bigint;
  params: MarketParams;
  orders: SignedTx[];
  settlementTx: SignedTx;
  header: BlockHeader;
  proof: MerkleProof;
  /** Hex hashes of every settlement the block carries, in window order (default: just this one). */
  blockSettlementHashes?: string[];
}

export interface VerifyCheck {
  name: 'order-signatures' | 'my-orders-included' | 'settlement-hash' | 'merkle-proof' | 'header-settlement-hash';
  ok: boolean;
  detail: string;
}

export interface VerifyReport {
  window: string;
  ok: boolean;
  checks: VerifyCheck[];
  localHash: string;
  chainHash: string;
  blockHeight: string;
  orders: number;
}

function orderSigned(stx: SignedTx): boolean {
  const addr = stx.tx.buyOrder?.address ?? stx.tx.sellOrder?.address;
  const w = stx.witnesses[stx.witnesses.length - 1];
  if (addr === undefined || w === undefined) return false;
  return bytesEqual(addressFromPublicKey(w.pubkey), addr) && verifyWitness(stx.tx, w);
}

export function verifyWindow(ev: WindowEvidence, myOrderIds: readonly string[] = []): VerifyReport {
  const checks: VerifyCheck[] = [];
  const unsigned = ev.orders.filter((o) => !safe(() => orderSigned(o))).map((o) => toHex(txId(o.tx)));
  checks.push({
    name: 'order-signatures',
    ok: unsigned.length === 0,
    detail:
      unsigned.length === 0
        ? `${ev.orders.length} orders, each signed by its address`
        : `orders not signed by their address: ${unsigned.join(', ')}`,
  });
  const ids = new Set(ev.orders.map((o) => toHex(txId(o.tx))));
  const missing = myOrderIds.filter((id) => !ids.has(id));
  checks.push({
    name: 'my-orders-included',
    ok: missing.length === 0,
    detail:
      missing.length === 0
        ? `${myOrderIds.length} of my orders for this window are all in the list`
        : `my orders missing from the window: ${missing.join(', ')}`,
  });
  const chainSettlement = ev.settlementTx.tx.settlement?.settlement as Settlement | undefined;
  const chainHash = chainSettlement === undefined ? '' : settlementHash(chainSettlement);
  let localHash = '';
  try {
    localHash = recomputeSettlement(ev.window, ev.orders, ev.params).hash;
    checks.push({
      name: 'settlement-hash',
      ok: chainSettlement !== undefined && localHash === chainHash,
      detail:
        chainSettlement === undefined
          ? 'the settlement tx carries no settlement'
          : localHash === chainHash
            ? `local re-run gives ${localHash}, equal to the chain's`
            : `local re-run gives ${localHash}, the chain's settlement hashes to ${chainHash}`,
    });
  } catch (e) {
    checks.push({
      name: 'settlement-hash',
      ok: false,
      detail: `the contract could not re-run: ${(e as Error).message}`,
    });
  }
  const leaf = encode('SignedTx', ev.settlementTx);
  const inBlock = safe(() => verifyMerkleProof(ev.header.txRoot, leaf, ev.proof));
  checks.push({
    name: 'merkle-proof',
    ok: inBlock,
    detail: inBlock
      ? `settlement tx ${toHex(txId(ev.settlementTx.tx))} is leaf ${ev.proof.index} of ${ev.proof.leafCount} under block ${ev.header.height}'s tx root`
      : `the Merkle proof does not connect the settlement tx to block ${ev.header.height}'s tx root`,
  });
  // The header commits to this settlement's hash when the block closes one window, or to
  // taggedHash('leag/settlements', h1 ‖ h2 ‖ ...) over every window it closes (ledger block-body.ts).
  const headerHash = toHex(ev.header.settlementHash);
  const others = ev.blockSettlementHashes ?? [chainHash];
  const combined =
    others.length === 1
      ? (others[0] ?? '')
      : toHex(taggedHash('leag/settlements', concatBytes(...others.map((h) => fromHex(h, 32)))));
  const headerOk = headerHash === combined && others.includes(chainHash);
  checks.push({
    name: 'header-settlement-hash',
    ok: headerOk,
    detail: headerOk
      ? `block ${ev.header.height}'s header commits to this settlement (${others.length} window(s) closed in it)`
      : `block ${ev.header.height}'s header settlement hash ${headerHash} does not commit to ${chainHash}`,
  });
  return {
    window: ev.window.toString(),
    ok: checks.every((c) => c.ok),
    checks,
    localHash,
    chainHash,
    blockHeight: ev.header.height.toString(),
    orders: ev.orders.length,
  };
}

function safe(f: () => boolean): boolean {
  try {
    return f();
  } catch {
    return false;
  }
}
