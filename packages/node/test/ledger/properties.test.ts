/**
 * Property tests over random chains: money conserved, escrows spent exactly once, the incremental
 * state root equals one computed from scratch, replay from genesis gives the same roots, and the
 * store reopens to the same head and root. LEAG_TEST_LONG=1 runs more and longer chains.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bytesEqual, codecs, MAX_MONEY, toHex, txId } from '@leag/core';
import fc from 'fast-check';
import { applyBlock, Ledger, LedgerState, StateView, Table, Tables } from '../../src/ledger/index.js';
import { MemoryDb } from '../../src/storage/index.js';
import { escrowFlows, RandomChain } from './random-chain.js';
import { World } from './world.js';

const LONG = process.env.LEAG_TEST_LONG === '1';
const RUNS = LONG ? 60 : 8;
const BLOCKS = LONG ? 60 : 14;

function money(s: LedgerState): bigint {
  let sum = 0n;
  for (const [, v] of s.tableEntries(Table.utxo)) {
    const o = codecs.TxOutput.decode(v);
    assert.ok(o.value > 0n && o.value <= MAX_MONEY, 'every coin is positive and in range');
    sum += o.value;
  }
  return sum;
}

const w = new World(6);

describe('random chains', () => {
  test('money conserved, escrows spent once, roots incremental = from scratch = replay', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const chain = new RandomChain(w, w.genesisState(), seed);
        chain.start();
        const roots: Uint8Array[] = [];
        for (let i = 0; i < BLOCKS; i++) {
          chain.step();
          const sup = new Tables(new StateView(chain.state)).supply();
          assert.equal(money(chain.state), sup.minted + sup.gridIssued, 'Σ coins = minted + grid issued');
          roots.push(chain.state.root());
        }
        // Incremental accumulator = the one over all entries.
        assert.ok(bytesEqual(LedgerState.fromEntries(chain.state.allEntries()).root(), chain.state.root()));
        // Escrows: each spent by exactly one settlement, never by anything else.
        const f = escrowFlows(chain.blocks);
        assert.deepEqual(f.spentOtherwise, []);
        const spent = new Set(f.spentBySettlement);
        assert.equal(spent.size, f.spentBySettlement.length, 'no escrow spent twice');
        const open = new Set<string>();
        for (const [, v] of chain.state.tableEntries(Table.order)) open.add(toHex(txId(codecs.Tx.decode(v))));
        for (const e of f.created) {
          const orderOpen = open.has(e.split(':')[0] as string);
          assert.equal(spent.has(e), !orderOpen, `escrow ${e} spent iff its window closed`);
        }
        // Replay from genesis: every block validates and gives the same root.
        const replay = w.genesisState();
        chain.blocks.forEach((b, i) => {
          const r = applyBlock(replay, b, w.ctx);
          replay.commit(r.writes, r.acc, r.head);
          if (i > 0) assert.ok(bytesEqual(replay.root(), roots[i - 1] as Uint8Array), `root at block ${i + 1}`);
        });
        assert.ok(bytesEqual(replay.root(), chain.state.root()));
      }),
      { numRuns: RUNS },
    );
  });

  for (const [name, store] of [
    ['', {}],
    [" (every block's writes deferred and spread two at a time)", { deferWritesOver: 0, spreadBatch: 2 }],
  ] as const)
    test(`the store reopens to the same head and root; a crash before or after the batch never half-applies${name}`, async () => {
      for (let run = 0; run < (LONG ? 10 : 3); run++) {
        const chain = new RandomChain(w, w.genesisState(), 1000 + run);
        chain.start();
        for (let i = 0; i < BLOCKS; i++) chain.step();
        const db = new MemoryDb();
        const crashAt = BigInt(3 + run);
        let armed: 'before-batch' | 'after-batch' | null = run % 2 === 0 ? 'before-batch' : 'after-batch';
        let ledger = await Ledger.open(db, w.ctx, {
          ...store,
          failPoint: (stage, h) => {
            if (stage === armed && h === crashAt) {
              armed = null;
              throw new Error(`simulated crash ${stage}`);
            }
          },
        });
        for (const b of chain.blocks) {
          try {
            await ledger.applyAndCommit(b);
          } catch {
            // The "process" died: reopen from what the store holds.
            await ledger.close();
            ledger = await Ledger.open(db.reopen(), w.ctx, store);
            const expected = run % 2 === 0 ? crashAt - 1n : crashAt;
            assert.equal(ledger.head.height, expected, 'the store holds whole blocks only');
            if (ledger.head.height < b.header.height) await ledger.applyAndCommit(b);
          }
        }
        assert.equal(ledger.head.height, chain.state.head.height);
        assert.ok(bytesEqual(ledger.head.stateRoot, chain.state.root()));
        await ledger.close();
        const again = await Ledger.open(db.reopen(), w.ctx, store);
        assert.equal(again.head.height, chain.state.head.height);
        assert.ok(bytesEqual(again.head.hash, chain.state.head.hash));
        assert.ok(bytesEqual(again.head.stateRoot, chain.state.root()));
        await again.close();
      }
    });
});
