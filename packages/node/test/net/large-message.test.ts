/**
 * Messages up to the node's limit cross the real libp2p stack (TCP, Noise, Yamux, the
 * length-prefixed lanes) in one piece. libp2p buffers at most 4 MiB of a stream unread by default;
 * a window's clearing block above that (about 16 000 orders of buys and sells) was dropped by every
 * replica ("Read buffer overflow"), each next primary's copy too, and the chain stalled.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { publicKeyOf, secretKeyFromSeed, utf8 } from '@leag/core';
import { pino } from 'pino';
import { P2pHost, readBufferFor } from '../../src/net/host.js';
import { PROTOCOLS } from '../../src/net/protocols.js';
import { freePortRun } from '../harness/ports.js';

test('read buffers hold one message of the largest allowed size', () => {
  assert.equal(readBufferFor(20 * 1024 * 1024), 20 * 1024 * 1024 + 16);
  assert.equal(readBufferFor(1024), 4 * 1024 * 1024, "never below libp2p's default");
});

test('a 9 MB consensus message (a clearing block of a large window) reaches the peer whole', {
  timeout: 60_000,
}, async () => {
  const keys = [0, 1].map((i) => secretKeyFromSeed(utf8(`large-message-${i}`)));
  const base = await freePortRun(2);
  const ports = [base, base + 1];
  const validators = [0, 1].map((i) => ({
    index: i,
    pubkey: publicKeyOf(keys[i] as Uint8Array),
    multiaddr: `/ip4/127.0.0.1/tcp/${ports[i]}`,
  }));
  const got: Uint8Array[] = [];
  const hosts: P2pHost[] = [];
  const log = pino({ level: 'silent' });
  try {
    for (const i of [0, 1])
      hosts.push(
        await P2pHost.start(
          {
            me: i,
            secretKey: keys[i] as Uint8Array,
            listen: validators[i]?.multiaddr as string,
            validators,
            maxMessageBytes: 20 * 1024 * 1024,
          },
          {
            log,
            handlers: {
              onConsensus: (_from, b) => got.push(b),
              onTx: () => undefined,
              onSyncRequest: async () => [],
            },
            metrics: { onMessage: () => undefined, onDenied: () => undefined },
          },
        ),
      );
    const big = new Uint8Array(9 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big[i] = i % 251;
    const end = Date.now() + 30_000;
    while (!hosts[0]?.connected().includes(1)) {
      assert.ok(Date.now() < end, 'the hosts connected');
      await new Promise((r) => setTimeout(r, 50));
    }
    hosts[0]?.send(1, PROTOCOLS.consensus, big);
    hosts[0]?.send(1, PROTOCOLS.consensus, new Uint8Array([1, 2, 3]));
    while (got.length < 2) {
      assert.ok(Date.now() < end, `both messages arrived (${got.length} did)`);
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(got[0]?.length, big.length);
    assert.deepEqual(Buffer.compare(got[0] as Uint8Array, big), 0);
    assert.deepEqual([...(got[1] as Uint8Array)], [1, 2, 3]);
  } finally {
    for (const h of hosts) await h.stop();
  }
});
