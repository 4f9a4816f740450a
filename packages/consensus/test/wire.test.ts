import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Block, type ViewChange as CoreViewChange, decode, encode } from '@leag/core';
import { voteMessage } from '../src/encoding.js';
import { SimKeys } from '../src/sim/signer.js';
import { type ConsensusMessage, Phase, type ViewChange, type Vote } from '../src/types.js';
import { fromWire, toWire } from '../src/wire.js';

// Compile-time: with B = Block the replica's wire types are core's generated types.
const asCore = (x: ViewChange<Block>): CoreViewChange => x;
const fromCore = (x: CoreViewChange): ViewChange<Block> => x;

describe('wire messages', () => {
  test('replica messages round-trip through core codecs (ConsensusMessage oneof)', () => {
    void asCore;
    void fromCore;
    const keys = new SimKeys(3, 4);
    const hash = new Uint8Array(32).fill(4);
    const commit = (validator: number): Vote => {
      const u = { phase: Phase.COMMIT, view: 1n, height: 7n, blockHash: hash, validator };
      return { ...u, signature: keys.signer(validator).sign(voteMessage('c', u)) };
    };
    const block: Block = {
      header: {
        version: 1,
        chainId: 'c',
        height: 8n,
        parentHash: hash,
        txRoot: new Uint8Array(32),
        timestampMs: 1n,
        proposer: 2,
        stateRoot: new Uint8Array(32),
        settlementHash: new Uint8Array(32),
        parentCertHash: new Uint8Array(32),
      },
      txs: [],
      parentCert: { view: 1n, height: 7n, blockHash: hash, commits: [commit(0), commit(1), commit(3)] },
    };
    const vc: ViewChange<Block> = {
      newView: 2n,
      stableHeight: 7n,
      checkpointProof: { view: 1n, height: 7n, blockHash: hash, commits: [commit(0), commit(1), commit(2)] },
      prepared: [{ view: 1n, height: 8n, blockHash: new Uint8Array(32).fill(8), block, prepares: [commit(3)] }],
      validator: 1,
      signature: new Uint8Array(64).fill(1),
    };
    const messages: ConsensusMessage<Block>[] = [
      { kind: 'viewChange', msg: vc },
      { kind: 'vote', msg: commit(2) },
      {
        kind: 'prePrepare',
        msg: { view: 1n, height: 8n, blockHash: hash, block, validator: 2, signature: new Uint8Array(64) },
      },
      {
        kind: 'checkpoint',
        msg: { height: 100n, stateDigest: hash, validator: 0, signature: new Uint8Array(64).fill(2) },
      },
      {
        kind: 'newView',
        msg: { view: 2n, viewChanges: [vc], prePrepares: [], validator: 2, signature: new Uint8Array(64) },
      },
    ];
    for (const m of messages) {
      const back = fromWire(decode('ConsensusMessage', encode('ConsensusMessage', toWire(m))));
      assert.deepEqual(back, m);
    }
    assert.equal(fromWire({}), null);
  });
});
