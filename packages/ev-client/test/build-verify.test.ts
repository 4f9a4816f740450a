/**
 * Orders built and signed by the client are accepted by the REAL ledger rules (packages/node's
 * ledger, in memory), and verify() accepts the real settlement and catches tampered ones.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_MARKET_PARAMS,
  encode,
  isLeagError,
  merkleProof,
  parseAddress,
  type SignedTx,
  TxKind,
  txId,
} from '@leag/core';
import { txIdOf } from '../../node/src/ledger/index.js';
import { commitBlock, grant, mint, timeIn, World } from '../../node/test/ledger/world.js';
import { Wallet } from '../src/keystore/wallet.js';
import { buildBuyOrder, buildGridTrade, buildSellOrder } from '../src/orders/build.js';
import type { Coin } from '../src/orders/coins.js';
import { boundsOf, validateBuy, validateGrid, validateSell } from '../src/orders/validate.js';
import { verifyWindow } from '../src/verify/verify-window.js';

const bounds = boundsOf(DEFAULT_MARKET_PARAMS);

function setup() {
  const w = new World(0);
  const s = w.genesisState();
  const buyer = Wallet.inMemory('buyer');
  const seller = Wallet.inMemory('seller');
  for (const wal of [buyer, seller]) wal.markGranted(wal.newAddresses(3).map((a) => a.address));
  const addrs = [...buyer.addressBytes(), ...seller.addressBytes()];
  const deposit = mint(w, addrs[0] as Uint8Array, 50_000_000n);
  const r = commitBlock(w, s, [grant(w, addrs), deposit], timeIn(1n, 100n));
  assert.equal(r.rejected.length, 0);
  const coins: Coin[] = [
    { txId: txIdOf(deposit.tx), index: 0, value: 50_000_000n, address: addrs[0] as Uint8Array, escrowWindow: 0n },
  ];
  const signerOf = (wal: Wallet) => ({ secretKeyOf: (a: Uint8Array) => wal.secretKeyOf(a) });
  return { w, s, buyer, seller, coins, signerOf };
}

describe('order building against the ledger rules', () => {
  test('buy and sell orders are accepted, the window clears, verify passes; tampering is caught', () => {
    const { w, s, buyer, seller, coins, signerOf } = setup();
    const bAddr = parseAddress(buyer.takeFreshAddress().address);
    const buy = buildBuyOrder(
      {
        chainId: w.ctx.chainId,
        window: 1n,
        nonce: 0n,
        address: bAddr,
        values: validateBuy({ min: '5', max: '12', price: '0.7', maxPrice: '0.95', omega: '0.8' }, bounds),
        coins,
      },
      signerOf(buyer),
    );
    assert.equal(
      buy.id,
      txIdOf(buy.stx.tx).reduce((h, x) => h + x.toString(16).padStart(2, '0'), ''),
    );
    assert.equal(buy.stx.tx.outputs[0]?.value, 11_400_000n, 'escrow = 0.95 · 12 kWh');
    assert.equal(buy.stx.tx.outputs[1]?.value, 50_000_000n - 11_400_000n, 'change');
    const sAddr = parseAddress(seller.takeFreshAddress().address);
    const sell = buildSellOrder(
      {
        chainId: w.ctx.chainId,
        window: 1n,
        nonce: 0n,
        address: sAddr,
        values: validateSell({ max: '15', price: '0.9', minPrice: '0.7' }, bounds),
      },
      signerOf(seller),
    );
    const r1 = commitBlock(w, s, [buy.stx, sell.stx], timeIn(1n, 2_000n));
    assert.deepEqual(
      r1.rejected.map((x) => x.error.code),
      [],
    );
    const r2 = commitBlock(w, s, [], timeIn(2n, 10n), 1);
    assert.equal(r2.closes.length, 1);
    const block = r2.block;
    const stx = block.txs[0] as SignedTx;
    assert.equal(stx.tx.kind, TxKind.TX_KIND_SETTLEMENT);
    const proof = merkleProof(
      block.txs.map((t) => encode('SignedTx', t)),
      0,
    );
    const evidence = {
      window: 1n,
      params: DEFAULT_MARKET_PARAMS,
      orders: [sell.stx, buy.stx],
      settlementTx: stx,
      header: block.header,
      proof,
    };
    const ok = verifyWindow(evidence, [buy.id]);
    assert.ok(ok.ok, JSON.stringify(ok.checks));
    assert.equal(ok.localHash, ok.chainHash);

    // A node that tampers with the settlement (one µ moved) is caught by the re-run...
    const forged = structuredClone(stx);
    const pair = forged.tx.settlement?.settlement?.pairs[0] as { sellerGets: bigint };
    pair.sellerGets += 1n;
    const v1 = verifyWindow({ ...evidence, settlementTx: forged }, [buy.id]);
    assert.equal(v1.ok, false);
    assert.equal(v1.checks.find((c) => c.name === 'settlement-hash')?.ok, false);
    assert.equal(v1.checks.find((c) => c.name === 'merkle-proof')?.ok, false, 'and it is not the tx in the block');
    // ...a node that drops my order from the list is caught...
    const v2 = verifyWindow({ ...evidence, orders: [sell.stx] }, [buy.id]);
    assert.equal(v2.checks.find((c) => c.name === 'my-orders-included')?.ok, false);
    assert.equal(v2.checks.find((c) => c.name === 'settlement-hash')?.ok, false);
    // ...an order with a changed field (its signature no longer matches) is caught...
    const changed = structuredClone(sell.stx);
    (changed.tx.sellOrder as { sMaxWh: bigint }).sMaxWh = 14_000n;
    const v3 = verifyWindow({ ...evidence, orders: [changed, buy.stx] }, [buy.id]);
    assert.equal(v3.checks.find((c) => c.name === 'order-signatures')?.ok, false);
    // ...and a proof for another position or a forged header root fails.
    const v4 = verifyWindow({ ...evidence, proof: { ...proof, index: 1 } });
    assert.equal(v4.checks.find((c) => c.name === 'merkle-proof')?.ok, false);
    const v5 = verifyWindow({ ...evidence, header: { ...block.header, settlementHash: new Uint8Array(32) } });
    assert.equal(v5.checks.find((c) => c.name === 'header-settlement-hash')?.ok, false);
  });

  test('grid buy and grid sell are accepted; insufficient funds is a local error', () => {
    const { w, s, buyer, coins, signerOf } = setup();
    const g1 = validateGrid({ side: 'buy', energy: '3' }, bounds);
    const a1 = parseAddress(buyer.takeFreshAddress().address);
    const buy = buildGridTrade(
      { chainId: w.ctx.chainId, ...g1, nonce: 0n, address: a1, bounds, gridAddress: w.grid.addr, coins },
      signerOf(buyer),
    );
    assert.equal(buy.stx.tx.outputs[0]?.value, 3_000_000n, 'pays r^G · 3 kWh');
    buyer.entry(buyer.takeFreshAddress().address).used = true;
    const a2 = parseAddress(buyer.takeFreshAddress().address);
    const sell = buildGridTrade(
      {
        chainId: w.ctx.chainId,
        side: 'sell',
        energyWh: 2_000n,
        nonce: 0n,
        address: a2,
        bounds,
        gridAddress: w.grid.addr,
        coins: [],
      },
      signerOf(buyer),
    );
    assert.equal(sell.stx.tx.outputs[0]?.value, 1_200_000n, 'paid p^G · 2 kWh');
    const r = commitBlock(w, s, [buy.stx, sell.stx], timeIn(1n, 3_000n));
    assert.deepEqual(
      r.rejected.map((x) => x.error.code),
      [],
    );
    assert.throws(
      () =>
        buildBuyOrder(
          {
            chainId: w.ctx.chainId,
            window: 1n,
            nonce: 0n,
            address: a1,
            values: validateBuy({ min: '500', max: '999', price: '0.7', maxPrice: '1' }, bounds),
            coins,
          },
          signerOf(buyer),
        ),
      (e: unknown) => isLeagError(e, 'EV_INSUFFICIENT_FUNDS') && /needs 999/.test((e as Error).message),
    );
    assert.ok(txId(buy.stx.tx).length === 32);
  });
});
