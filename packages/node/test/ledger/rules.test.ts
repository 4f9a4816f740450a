/**
 * Every tx rule with a bad case: the API (validateTx) and block validation (a byzantine proposer's
 * block carrying the tx) must both reject it with the same code.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CURVE_ORDER,
  DOMAINS,
  GridSide,
  isLeagError,
  MAX_MONEY,
  type SignedTx,
  signTx,
  signValue,
  type Tx,
  TxKind,
  type Vote,
} from '@leag/core';
import { applyBlock, buildBlock, validateTx } from '../../src/ledger/index.js';
import {
  buyOrder,
  coinOf,
  commitBlock,
  grant,
  gridBuy,
  gridSell,
  type Key,
  mint,
  op,
  out,
  parentCert,
  sellOrder,
  timeIn,
  transfer,
  tx,
  World,
  withTxs,
} from './world.js';

const w = new World();
const [ev0, ev1, ev2, ev3, ev4] = w.evs as [Key, Key, Key, Key, Key];
const base = w.genesisState();
const g = (i: number) => ({ prev: w.genesisCoin(i), value: 1000_000_000n });
commitBlock(w, base, [grant(w, [ev0.addr, ev1.addr, ev2.addr, ev3.addr])], timeIn(1n, 100n));
const topUp = mint(w, ev0.addr, 5_000_000n, 'first');
const escrowed = buyOrder(ev1, g(1), { window: 1n, nonce: 1n });
const sold = sellOrder(ev2, { window: 1n, nonce: 1n });
commitBlock(w, base, [topUp, escrowed, sold], timeIn(1n, 200n));
const T1 = timeIn(1n, 5_000n); // still window 1
const T2 = timeIn(2n, 5_000n); // window 2 (closes window 1)

function resign(t: Tx, keys: Key[]): SignedTx {
  return signTx(
    t,
    keys.map((k) => k.sk),
  );
}
const pay = (t: Partial<Tx>, keys: Key[] = [ev0]) =>
  resign(
    tx(TxKind.TX_KIND_TRANSFER, {
      inputs: [{ prev: w.genesisCoin(0) }],
      outputs: [out(ev3.addr, 1000_000_000n)],
      transfer: { memo: '' },
      ...t,
    }),
    keys,
  );
const withSig = (stx: SignedTx, i: number, f: (sig: Uint8Array) => Uint8Array): SignedTx => ({
  ...stx,
  witnesses: stx.witnesses.map((x, j) => (j === i ? { ...x, signature: f(x.signature.slice()) } : x)),
});
function flipBit(sig: Uint8Array): Uint8Array {
  sig[5] = (sig[5] as number) ^ 1;
  return sig;
}
function highS(sig: Uint8Array): Uint8Array {
  let s = 0n;
  for (let i = 32; i < 64; i++) s = (s << 8n) | BigInt(sig[i] as number);
  let hs = CURVE_ORDER - s;
  for (let i = 63; i >= 32; i--) {
    sig[i] = Number(hs & 0xffn);
    hs >>= 8n;
  }
  return sig;
}
const vote = (hashByte: number, signer: Key = w.validators[1] as Key): Vote =>
  signValue(
    'Vote',
    {
      phase: 3,
      view: 0n,
      height: 5n,
      blockHash: new Uint8Array(32).fill(hashByte),
      validator: 1,
      signature: new Uint8Array(0),
    },
    DOMAINS.CONSENSUS,
    w.ctx.chainId,
    signer.sk,
  );
const evidence = (a: Vote, b: Vote) => resign(tx(TxKind.TX_KIND_EVIDENCE, { evidence: { evidence: { a, b } } }), []);
const params = (p: Partial<typeof w.genesis.marketParams>, eff = 5n, signer = w.authority) =>
  resign(
    tx(TxKind.TX_KIND_PARAM_UPDATE, {
      paramUpdate: { params: { ...w.genesis.marketParams, ...p }, effectiveWindow: eff },
    }),
    [signer],
  );
const rawBuy = (f: Record<string, unknown>, escrowDelta = 0n, coin = g(0), ev = ev0) => {
  const order = {
    window: 1n,
    nonce: 9n,
    address: ev.addr,
    dMinWh: 5_000n,
    dMaxWh: 12_000n,
    price: 700_000n,
    priceMax: 950_000n,
    omegaPpm: 500_000,
    gridFallback: false,
    ...f,
  };
  const escrow = (order.priceMax * order.dMaxWh) / 1000n + escrowDelta;
  return resign(
    tx(TxKind.TX_KIND_BUY_ORDER, {
      inputs: [{ prev: coin.prev }],
      outputs: [
        out(ev.addr, escrow > 0n ? escrow : 1n, { escrowWindow: order.window }),
        out(ev.addr, coin.value - (escrow > 0n ? escrow : 1n)),
      ],
      buyOrder: order,
    }),
    [ev, ev],
  );
};
const rawSell = (f: Record<string, unknown>, ev = ev3) =>
  resign(
    tx(TxKind.TX_KIND_SELL_ORDER, {
      sellOrder: {
        window: 1n,
        nonce: 9n,
        address: ev.addr,
        sMaxWh: 10_000n,
        price: 800_000n,
        priceMin: 700_000n,
        gridFallback: false,
        ...f,
      },
    }),
    [ev],
  );

const cases: [string, string, () => SignedTx, bigint?][] = [
  ['bad version', 'TX_BAD_VERSION', () => pay({ version: 2 })],
  ['wrong chain id', 'TX_WRONG_CHAIN', () => pay({ chainId: 'other-chain' })],
  [
    'kind and payload disagree',
    'TX_KIND_MISMATCH',
    () => pay({ transfer: undefined, mint: { to: ev0.addr, value: 1n, memo: '' } }),
  ],
  ['lock time', 'TX_LOCK_TIME', () => pay({ lockTime: 5n })],
  ['oversized tx', 'TX_TOO_LARGE', () => pay({ transfer: { memo: 'x'.repeat(20_000) } })],
  [
    'too many outputs',
    'TX_TOO_MANY_OUTPUTS',
    () => pay({ outputs: Array.from({ length: 257 }, () => out(ev3.addr, 1n)) }),
  ],
  ['no inputs', 'TX_NO_INPUTS', () => pay({ inputs: [] }, [])],
  ['no outputs', 'TX_NO_OUTPUTS', () => pay({ outputs: [] })],
  [
    'inputs on a mint',
    'TX_UNEXPECTED_INPUTS',
    () => resign({ ...mint(w, ev0.addr, 5n).tx, inputs: [{ prev: w.genesisCoin(0) }] }, [w.authority]),
  ],
  ['null previous output', 'TX_NULL_INPUT', () => pay({ inputs: [{ prev: { txId: new Uint8Array(32), index: 0 } }] })],
  [
    'duplicate input',
    'TX_DUPLICATE_INPUT',
    () =>
      pay(
        { inputs: [{ prev: w.genesisCoin(0) }, { prev: w.genesisCoin(0) }], outputs: [out(ev3.addr, 2000_000_000n)] },
        [ev0, ev0],
      ),
  ],
  ['zero output', 'TX_OUTPUT_ZERO', () => pay({ outputs: [out(ev3.addr, 0n), out(ev3.addr, 1000_000_000n)] })],
  ['output over the maximum', 'TX_OUTPUT_RANGE', () => pay({ outputs: [out(ev3.addr, MAX_MONEY + 1n)] })],
  [
    'output total overflow',
    'TX_OUTPUT_TOTAL_RANGE',
    () => pay({ outputs: [out(ev3.addr, MAX_MONEY), out(ev3.addr, MAX_MONEY)] }),
  ],
  ['short address', 'TX_BAD_ADDRESS', () => pay({ outputs: [out(ev3.addr.slice(1), 1000_000_000n)] })],
  [
    'energy on a transfer',
    'TX_OUTPUT_ENERGY',
    () => pay({ outputs: [out(ev3.addr, 1000_000_000n, { energyWh: 5n })] }),
  ],
  [
    'escrow on a transfer',
    'TX_ESCROW_FORBIDDEN',
    () => pay({ outputs: [out(ev3.addr, 1000_000_000n, { escrowWindow: 1n })] }),
  ],
  [
    'missing input',
    'TX_MISSING_INPUT',
    () => pay({ inputs: [{ prev: { txId: new Uint8Array(32).fill(9), index: 0 } }] }),
  ],
  ['spent input', 'TX_MISSING_INPUT', () => transfer(ev1, [g(1)], ev3.addr, 1n)],
  ['escrow spent by a transfer', 'TX_ESCROW_LOCKED', () => transfer(ev1, [coinOf(escrowed, 0)], ev3.addr, 1n)],
  ['missing witness', 'TX_WITNESS_COUNT', () => pay({}, [])],
  ['high-S signature', 'TX_HIGH_S', () => withSig(pay({}), 0, highS)],
  ['bad signature', 'TX_BAD_SIGNATURE', () => withSig(pay({}), 0, flipBit)],
  ['short signature', 'TX_BAD_SIGNATURE', () => withSig(pay({}), 0, (s) => s.slice(1))],
  // a buy order's two witnesses (coin and payload, one key) are one signature: checked once, but checked
  ['buy order with its payload witness forged', 'TX_BAD_SIGNATURE', () => withSig(rawBuy({}), 1, flipBit)],
  [
    'buy order with the same forged witness twice',
    'TX_BAD_SIGNATURE',
    () => {
      const b = withSig(rawBuy({}), 0, flipBit);
      return { ...b, witnesses: [b.witnesses[0]!, b.witnesses[0]!] };
    },
  ],
  ["someone else's key", 'TX_WITNESS_MISMATCH', () => pay({}, [ev3])],
  ['outputs over inputs', 'TX_INSUFFICIENT_INPUTS', () => pay({ outputs: [out(ev3.addr, 1000_000_001n)] })],
  ['inputs over outputs', 'TX_VALUE_NOT_CONSERVED', () => pay({ outputs: [out(ev3.addr, 999_999_999n)] })],
  ['mint not by the authority', 'TX_MINT_NOT_AUTHORITY', () => mint(w, ev0.addr, 5n, 'x', ev0)],
  [
    'mint output mismatch',
    'TX_MINT_OUTPUT_MISMATCH',
    () => resign({ ...mint(w, ev0.addr, 5n).tx, outputs: [out(ev0.addr, 6n)] }, [w.authority]),
  ],
  ['replayed mint', 'TX_REPLAYED', () => topUp],
  ['mint over the money supply cap', 'TX_SUPPLY_OVERFLOW', () => mint(w, ev0.addr, MAX_MONEY, 'too much')],
  ['replayed sell order', 'TX_REPLAYED', () => sold],
  ['grant by a non-validator index', 'TX_GRANT_BAD_GRANTER', () => grant(w, [ev4.addr], 9, ev0)],
  ['grant signed by another validator', 'TX_WRONG_SIGNER', () => grant(w, [ev4.addr], 0, w.validators[1])],
  ['address granted twice', 'TX_ADDRESS_ALREADY_GRANTED', () => grant(w, [ev0.addr])],
  ['empty grant', 'TX_GRANT_EMPTY', () => grant(w, [])],
  ['duplicate address in a grant', 'TX_GRANT_DUPLICATE', () => grant(w, [ev4.addr, ev4.addr])],
  [
    'grant with a bad cert hash',
    'TX_GRANT_BAD_CERT_HASH',
    () =>
      resign(
        tx(TxKind.TX_KIND_ADDRESS_GRANT, {
          addressGrant: { granter: 0, addresses: [ev4.addr], certHash: new Uint8Array(5) },
        }),
        [w.validators[0] as Key],
      ),
  ],
  ['order for a closed window', 'ORDER_CLOSED_WINDOW', () => rawSell({ window: 1n }), T2],
  ['order for a future window', 'ORDER_FUTURE_WINDOW', () => rawSell({ window: 2n })],
  ['order from an unregistered address', 'ORDER_UNREGISTERED_ADDRESS', () => rawSell({}, ev4)],
  ['replayed order nonce', 'ORDER_REPLAYED_NONCE', () => rawSell({ nonce: 1n, sMaxWh: 3_000n }, ev2)],
  ['buy order d_min > d_max', 'ORDER_BAD_ENERGY', () => rawBuy({ dMinWh: 13_000n })],
  [
    'buy order over the energy cap',
    'ORDER_BAD_ENERGY',
    () => rawBuy({ dMaxWh: 1_000_001n, priceMax: 600_000n, price: 600_000n }),
  ],
  ['sell order of 0 Wh', 'ORDER_BAD_ENERGY', () => rawSell({ sMaxWh: 0n })],
  ['price_max above the grid price', 'ORDER_PRICE_BOUNDS', () => rawBuy({ priceMax: 1_000_001n })],
  ['price below the grid buy price', 'ORDER_PRICE_BOUNDS', () => rawBuy({ price: 599_999n })],
  ['sell price_min above price', 'ORDER_PRICE_BOUNDS', () => rawSell({ priceMin: 900_000n })],
  ['omega 0', 'ORDER_BAD_OMEGA', () => rawBuy({ omegaPpm: 0 })],
  ['omega above 1', 'ORDER_BAD_OMEGA', () => rawBuy({ omegaPpm: 1_000_001 })],
  ['escrow 1 µ short', 'ORDER_BAD_ESCROW', () => rawBuy({}, -1n)],
  [
    'submitted settlement',
    'TX_SETTLEMENT_NOT_ALLOWED',
    () =>
      resign(
        tx(TxKind.TX_KIND_SETTLEMENT, {
          settlement: {
            settlement: {
              window: 1n,
              bandPrice: 0n,
              pairs: [],
              unmatchedBuyers: [],
              unmatchedSellers: [],
              refunds: [],
              margin: 0n,
              buyersAdmitted: 0,
              sellersAdmitted: 0,
            },
          },
        }),
        [],
      ),
  ],
  [
    'grid sale paid too much',
    'GRID_BAD_PAYMENT',
    () => resign({ ...gridSell(ev0, 1000n, 7n).tx, outputs: [out(ev0.addr, 600_001n, { energyWh: 1000n })] }, [ev0]),
  ],
  [
    'grid purchase paid to the wrong address',
    'GRID_BAD_PAYMENT',
    () =>
      resign(
        {
          ...gridBuy(w, ev0, g(0), 1000n, 7n).tx,
          outputs: [out(ev3.addr, 1_000_000n, { energyWh: 1000n }), out(ev0.addr, 999_000_000n)],
        },
        [ev0, ev0],
      ),
  ],
  [
    'grid trade without a side',
    'GRID_BAD_SIDE',
    () =>
      resign(
        {
          ...gridSell(ev0, 1000n, 7n).tx,
          gridTrade: { side: GridSide.GRID_SIDE_UNSPECIFIED, energyWh: 1000n, address: ev0.addr, nonce: 7n },
        },
        [ev0],
      ),
  ],
  [
    'grid trade of 0 Wh',
    'GRID_BAD_ENERGY',
    () =>
      resign(
        {
          ...gridSell(ev0, 1000n, 7n).tx,
          gridTrade: { side: GridSide.GRID_SIDE_SELL, energyWh: 0n, address: ev0.addr, nonce: 7n },
        },
        [ev0],
      ),
  ],
  ['grid trade from an unregistered address', 'ORDER_UNREGISTERED_ADDRESS', () => gridSell(ev4, 1000n, 1n)],
  ['parameter update for the open window', 'TX_PARAM_WINDOW', () => params({}, 1n)],
  ['invalid parameter update', 'TX_PARAM_INVALID', () => params({ rho: '2' })],
  ['parameter update not by the authority', 'TX_WRONG_SIGNER', () => params({}, 5n, ev0)],
  ['evidence of two equal votes', 'TX_EVIDENCE_NOT_CONFLICTING', () => evidence(vote(1), vote(1))],
  ['evidence with a forged vote', 'TX_EVIDENCE_BAD_SIGNATURE', () => evidence(vote(1), vote(2, ev0))],
];

/** A rule's error carries its built text and details (rules pass them as functions, called on failure). */
function readable(e: { message: string; details?: unknown }): boolean {
  assert.match(e.message, /^[^\n]{10,}$/, 'a one-line message');
  assert.doesNotMatch(e.message, /=>|function/, 'the message, not the function that builds it');
  assert.ok(e.details === undefined || (typeof e.details === 'object' && e.details !== null), 'details are an object');
  return true;
}

function proposalAt(ts: bigint) {
  return buildBlock(base, { timestampMs: ts, proposer: 0, txs: [], parentCert: parentCert(base) }, w.ctx).block;
}

describe('tx rules: API and byzantine block reject alike', () => {
  for (const [name, code, make, ts = T1] of cases) {
    test(`${name} → ${code}`, () => {
      const stx = make();
      assert.throws(
        () => validateTx(base, stx, w.ctx, { timestampMs: ts }),
        (e) =>
          (isLeagError(e, code) && readable(e)) ||
          assert.fail(`API: expected ${code}, got ${(e as { code?: string }).code}: ${(e as Error).message}`),
      );
      const honest = proposalAt(ts);
      const block = withTxs(honest, [...honest.txs, stx]);
      assert.throws(
        () => applyBlock(base, block, w.ctx),
        (e) =>
          isLeagError(e, code) ||
          assert.fail(`block: expected ${code}, got ${(e as { code?: string }).code}: ${(e as Error).message}`),
      );
    });
  }

  test('the good versions of these txs are accepted', () => {
    for (const stx of [
      pay({}),
      rawSell({}),
      rawBuy({}),
      gridSell(ev0, 1000n, 7n),
      gridBuy(w, ev0, g(0), 1000n, 7n),
      params({}),
      evidence(vote(1), vote(2)),
      grant(w, [ev4.addr]),
      mint(w, ev0.addr, 5n, 'second'),
    ]) {
      validateTx(base, stx, w.ctx, { timestampMs: T1 });
      applyBlock(
        base,
        buildBlock(base, { timestampMs: T1, proposer: 0, txs: [stx], parentCert: parentCert(base) }, w.ctx).block,
        w.ctx,
      );
    }
  });
});

describe('rules within a block', () => {
  const a = transfer(ev0, [g(0)], ev3.addr, 10n);
  const b = transfer(ev0, [g(0)], ev2.addr, 10n);
  const child = transfer(ev3, [coinOf(a, 0)], ev2.addr, 10n);
  const expectCode = (txs: SignedTx[], code: string) =>
    assert.throws(
      () => applyBlock(base, withTxs(proposalAt(T1), txs), w.ctx),
      (e) => isLeagError(e, code),
    );
  test('two txs spending one output', () => expectCode([a, b], 'TX_MISSING_INPUT'));
  test('spending an output created later in the block', () => expectCode([child, a], 'TX_MISSING_INPUT'));
  test('spending an output created earlier in the block is fine', () => {
    applyBlock(
      base,
      buildBlock(base, { timestampMs: T1, proposer: 0, txs: [a, child], parentCert: parentCert(base) }, w.ctx).block,
      w.ctx,
    );
  });
  test('a duplicate tx', () => expectCode([a, a], 'BLOCK_DUPLICATE_TX'));
  test('a proposal leaves bad txs out and reports them', () => {
    const r = buildBlock(
      base,
      { timestampMs: T1, proposer: 0, txs: [a, b, child], parentCert: parentCert(base) },
      w.ctx,
    );
    assert.deepEqual(
      r.rejected.map((x) => [x.index, x.error.code]),
      [[1, 'TX_MISSING_INPUT']],
    );
    assert.equal(r.block.txs.length, 2);
  });
  test('an op helper sanity check', () => assert.equal(op(a, 0).index, 0));
});

describe('signatures checked separately', () => {
  test('verifySignatures: false skips only the ECDSA step', () => {
    const bad = withSig(pay({}), 0, flipBit);
    validateTx(base, bad, w.ctx, { timestampMs: T1, verifySignatures: false });
    assert.throws(
      () => validateTx(base, withSig(pay({}), 0, highS), w.ctx, { timestampMs: T1, verifySignatures: false }),
      (e) => isLeagError(e, 'TX_HIGH_S'),
    );
    assert.throws(
      () => validateTx(base, pay({}, [ev3]), w.ctx, { timestampMs: T1, verifySignatures: false }),
      (e) => isLeagError(e, 'TX_WITNESS_MISMATCH'),
    );
  });
});
