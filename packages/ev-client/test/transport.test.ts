/** Transport fail-over, error mapping and response checks, against small local HTTP servers. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { isLeagError } from '@leag/core';
import { exitCodeOf } from '../src/cli/output.js';
import { LeagClient } from '../src/client/leag-client.js';
import { parseSseChunk } from '../src/client/sse.js';
import { normalizeNodeUrl, Transport } from '../src/client/transport.js';

const servers: Server[] = [];
after(() => {
  for (const s of servers) s.close();
});

async function serve(handler: (url: string, res: import('node:http').ServerResponse) => void): Promise<string> {
  const s = createServer((req, res) => handler(req.url ?? '', res));
  servers.push(s);
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}
const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
const grant = { address: 'leag1xyz', granted: true };
const code = (c: string) => (e: unknown) => isLeagError(e, c);

describe('transport and typed client', () => {
  test('fails over from a dead node and a 503 to a live one, then prefers it', async () => {
    const dead = 'http://127.0.0.1:1';
    const busy = await serve((_u, res) => json(res, 503, { error: { code: 'API_UNAVAILABLE', message: 'busy' } }));
    let hits = 0;
    const live = await serve((_u, res) => {
      hits++;
      json(res, 200, grant);
    });
    const seen: string[] = [];
    const c = new LeagClient({ nodes: [dead, busy, live], onFailover: (f) => seen.push(f) });
    assert.deepEqual(await c.grant('leag1xyz'), grant);
    assert.equal(c.node, live);
    assert.equal(seen.length, 2);
    await c.grant('leag1xyz');
    assert.equal(hits, 2);
    assert.equal(seen.length, 2, 'the live node is tried first now');
  });

  test('a 4xx is the request’s fault: no fail-over, the node’s code is kept', async () => {
    let second = 0;
    const a = await serve((_u, res) =>
      json(res, 400, { error: { code: 'ORDER_PRICE_BOUNDS', message: 'price out of band' } }),
    );
    const b = await serve((_u, res) => {
      second++;
      json(res, 200, grant);
    });
    const c = new LeagClient({ nodes: [a, b] });
    await assert.rejects(c.grant('x'.repeat(40)), (e: unknown) => {
      assert.ok(isLeagError(e, 'ORDER_PRICE_BOUNDS'));
      assert.equal(exitCodeOf(e), 5);
      return true;
    });
    assert.equal(second, 0);
  });

  test('a body that does not match the API schema is EV_BAD_RESPONSE', async () => {
    const a = await serve((_u, res) => json(res, 200, { address: 'x', granted: 'yes' }));
    await assert.rejects(new LeagClient({ nodes: [a] }).grant('x'.repeat(40)), code('EV_BAD_RESPONSE'));
    const b = await serve((_u, res) => {
      res.writeHead(200);
      res.end('<html>');
    });
    await assert.rejects(new LeagClient({ nodes: [b] }).grant('x'.repeat(40)), code('EV_BAD_RESPONSE'));
  });

  test('all nodes down or slow: EV_NODE_UNREACHABLE naming each, exit code 4', async () => {
    const slow = await serve(() => {
      /* never answers */
    });
    const t = new Transport({ nodes: ['http://127.0.0.1:1', slow], timeoutMs: 200, rounds: 0 });
    await assert.rejects(t.request('GET', '/v1/status'), (e: unknown) => {
      assert.ok(isLeagError(e, 'EV_NODE_UNREACHABLE'));
      assert.match((e as Error).message, /timeout after 200 ms/);
      assert.equal(exitCodeOf(e), 4);
      return true;
    });
  });

  test('node URLs are checked', () => {
    assert.equal(normalizeNodeUrl('127.0.0.1:8545'), 'http://127.0.0.1:8545');
    assert.equal(normalizeNodeUrl('http://h:1/'), 'http://h:1');
    assert.throws(() => normalizeNodeUrl('ftp://x'), code('EV_BAD_NODE_URL'));
    assert.throws(() => normalizeNodeUrl('http://'), code('EV_BAD_NODE_URL'));
    assert.throws(() => new Transport({ nodes: [] }), code('EV_NO_NODE'));
  });

  test('SSE parsing: events split across chunks, comments, CRLF, multi-line data', () => {
    const a = parseSseChunk(': hello\n\nevent: block\ndata: {"a":1}\n\nevent: win');
    assert.deepEqual(a.events, [{ event: 'block', data: '{"a":1}' }]);
    const b = parseSseChunk(`${a.rest}dow\r\ndata: 1\r\ndata: 2\r\n\r\n`);
    assert.deepEqual(b.events, [{ event: 'window', data: '1\n2' }]);
    assert.equal(b.rest, '');
  });
});
