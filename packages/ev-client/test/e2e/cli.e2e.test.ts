/**
 * End to end: the real leag-ev bin against a real local testnet of 4 leagd processes (the daemon's
 * harness, ephemeral ports and dirs, always torn down). Every command, fail-over, a wrong
 * passphrase, a tampered keystore, every bad input, a lying node caught by verify, and the fleet
 * simulator with zero lost orders.
 */
import assert from 'node:assert/strict';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { leagEv, leagEvBackground, tamperingProxy } from './cli-helpers.js';
import { DEAD, sleep, useCliTestnet, WINDOW_MS, waitUntil } from './cli-testnet.js';

const e2e = useCliTestnet();
const { envOf, ev, issueCert } = e2e;

describe('leag-ev against a real 4-node testnet', { timeout: 600_000 }, () => {
  let settleWindow = '';
  let buyId = '';

  test('init; a wrong passphrase and a tampered keystore are refused (exit 3)', async () => {
    const [b, s] = await Promise.all([
      ev('buyer', ['init', '--scrypt-n', '1024']),
      ev('seller', ['init', '--scrypt-n', '1024']),
    ]);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(s.code, 0, s.stderr);
    assert.match(b.json.identity, /^0[23][0-9a-f]{64}$/);
    const again = await ev('buyer', ['init', '--scrypt-n', '1024']);
    assert.equal(again.code, 3);
    assert.equal(again.json.error.code, 'KEYSTORE_EXISTS');
    const wrong = await leagEv(['balance', '--json'], { ...envOf('buyer'), LEAG_EV_PASSPHRASE: 'not-it' });
    assert.equal(wrong.code, 3);
    assert.equal(wrong.json.error.code, 'KEYSTORE_DECRYPT');
    const tampered = join(e2e.dir, 'tampered.json');
    await copyFile(join(e2e.dir, 'buyer.json'), tampered);
    const o = JSON.parse(await readFile(tampered, 'utf8'));
    o.ciphertext = (o.ciphertext[0] === 'a' ? 'b' : 'a') + o.ciphertext.slice(1);
    await writeFile(tampered, JSON.stringify(o));
    const t = await leagEv(['balance', '--json'], { ...envOf('buyer'), LEAG_EV_KEYSTORE: tampered });
    assert.equal(t.code, 3);
    assert.equal(t.json.error.code, 'KEYSTORE_DECRYPT');
  });

  test('register with a testnet certificate; addresses --new; a foreign certificate is refused', async () => {
    const pubOf = async (name: string) =>
      JSON.parse(await readFile(join(e2e.dir, `${name}.json`), 'utf8')).identity as string;
    const bc = issueCert('buyer', await pubOf('buyer'));
    const sc = issueCert('seller', await pubOf('seller'));
    const foreign = await ev('buyer', ['register', '--cert', sc]);
    assert.equal(foreign.code, 2);
    assert.equal(foreign.json.error.code, 'EV_BAD_CERTIFICATE');
    const [b, s] = await Promise.all([
      ev('buyer', ['register', '--cert', bc, '--addresses', '3']),
      ev('seller', ['register', '--cert', sc, '--addresses', '2']),
    ]);
    assert.equal(b.code, 0, b.stdout + b.stderr);
    assert.equal(b.json.granted, true);
    assert.equal(b.json.addresses.length, 3);
    assert.equal(s.code, 0, s.stdout + s.stderr);
    const more = await ev('buyer', ['addresses', '--new', '2']);
    assert.equal(more.code, 0, more.stderr);
    assert.equal(more.json.addresses.length, 5);
    assert.equal(more.json.fresh, 5);
    assert.ok(more.json.addresses.every((a: { granted: boolean }) => a.granted));
  });

  test('deposit from the faucet and balance', async () => {
    const d = await ev('buyer', ['deposit', '--amount', '100']);
    assert.equal(d.code, 0, d.stderr);
    assert.equal(d.json.amount, '100');
    const bal = await waitUntil('the deposit', async () => {
      const r = await ev('buyer', ['balance']);
      return r.json?.free === '100' ? r.json : undefined;
    });
    assert.equal(bal.escrow, '0');
    const bad = await ev('buyer', ['deposit', '--amount', '-5']);
    assert.equal(bad.code, 2);
  });

  test('every bad input is refused locally with the allowed range, before anything is sent', async () => {
    const cases: [string, string[], RegExp][] = [
      [
        'buy: zero min',
        ['buy', '--min', '0', '--max', '5', '--price', '0.7', '--max-price', '0.9'],
        /min must be more than 0/,
      ],
      [
        'buy: min > max',
        ['buy', '--min', '6', '--max', '5', '--price', '0.7', '--max-price', '0.9'],
        /must not exceed max/,
      ],
      [
        'buy: price > max-price',
        ['buy', '--min', '1', '--max', '5', '--price', '0.95', '--max-price', '0.9'],
        /must not exceed max-price/,
      ],
      [
        'buy: omega 0',
        ['buy', '--min', '1', '--max', '5', '--price', '0.7', '--max-price', '0.9', '--omega', '0'],
        /omega must be in \(0, 1\]/,
      ],
      [
        'buy: not a number',
        ['buy', '--min', 'x', '--max', '5', '--price', '0.7', '--max-price', '0.9'],
        /decimal number/,
      ],
      [
        'sell: min-price > price',
        ['sell', '--max', '3', '--price', '0.7', '--min-price', '0.9'],
        /must not exceed price/,
      ],
      ['grid: bad side', ['grid', 'hold', '1'], /"buy" or "sell"/],
      ['grid: zero energy', ['grid', 'buy', '0'], /more than 0/],
    ];
    // No node is reachable: a request would fail with exit 4, so exit 2 proves nothing was sent.
    const rs = await Promise.all(cases.map(([, args]) => ev('buyer', args, [DEAD])));
    rs.forEach((r, i) => {
      const [name, , re] = cases[i] as [string, string[], RegExp];
      assert.equal(r.code, 2, `${name}: ${r.stdout}${r.stderr}`);
      assert.equal(r.json.error.code, 'EV_INVALID_ORDER', name);
      assert.match(r.json.error.message, re, name);
    });
    // Bounds of the chain (grid prices 0.6..1, cap 1000 kWh) are checked before the order is sent.
    const chain = await Promise.all([
      ev('buyer', ['buy', '--min', '1', '--max', '5', '--price', '0.5', '--max-price', '0.9']),
      ev('buyer', ['sell', '--max', '3', '--price', '1.2', '--min-price', '0.7']),
      ev('buyer', ['buy', '--min', '1', '--max', '1000.5', '--price', '0.7', '--max-price', '0.9']),
      ev('buyer', ['buy', '--min', '500', '--max', '999', '--price', '0.7', '--max-price', '1']),
      ev('buyer', ['verify', '--window', '0']),
      ev('buyer', ['buy', '--min', '1']),
    ]);
    assert.deepEqual(
      chain.map((r) => r.code),
      [2, 2, 2, 7, 2, 2],
      chain.map((r) => r.stdout).join('\n'),
    );
    assert.match(chain[0]?.json.error.message, /within the grid prices \[0\.6, 1\]/);
    assert.match(chain[2]?.json.error.message, /at most 1000 kWh/);
    assert.equal(chain[3]?.json.error.code, 'EV_INSUFFICIENT_FUNDS');
    const bal = await ev('buyer', ['balance']);
    assert.equal(bal.json.escrow, '0', 'nothing was locked');
  });

  test('buy and sell in one window clear; orders, result, history, watch and verify', async () => {
    // Watch from the start (so no window's event is missed); stopped with SIGINT at the end.
    const watch = leagEvBackground(['watch', '--json'], envOf('buyer'));
    // Both orders must land in one window: start when the open window has room, retry if the
    // (loaded) machine made them straddle a window boundary. A retry starts in a window after
    // both earlier orders' windows, so no earlier order shares the market (or `result`) with it.
    let b: Awaited<ReturnType<typeof ev>> | undefined;
    let s: Awaited<ReturnType<typeof ev>> | undefined;
    let notBefore = 0n;
    for (let attempt = 0; attempt < 3; attempt++) {
      await waitUntil('a fresh window', async () => {
        const st = await e2e.tn.node(0).status();
        if (BigInt(st.window.current) < notBefore) return undefined;
        return Number(st.window.endMs) - Date.now() > WINDOW_MS - 1500 ? true : undefined;
      });
      [b, s] = await Promise.all([
        ev('buyer', ['buy', '--min', '5', '--max', '12', '--price', '0.7', '--max-price', '0.95', '--omega', '0.8']),
        ev('seller', ['sell', '--max', '15', '--price', '0.9', '--min-price', '0.7']),
      ]);
      assert.equal(b.code, 0, b.stdout + b.stderr);
      assert.equal(s.code, 0, s.stdout + s.stderr);
      if (b.json.window === s.json.window) break;
      notBefore = [BigInt(b.json.window), BigInt(s.json.window)].reduce((x, y) => (x > y ? x : y)) + 1n;
    }
    assert.ok(b !== undefined && s !== undefined);
    assert.match(b.json.id, /^[0-9a-f]{64}$/);
    assert.equal(b.json.window, s.json.window, 'both orders in one window');
    settleWindow = b.json.window;
    buyId = b.json.id;
    const res = await waitUntil('the settlement', async () => {
      const r = await ev('buyer', ['result']);
      return r.json?.orders?.[0]?.status === 'settled' ? r.json : undefined;
    });
    assert.equal(res.window, settleWindow);
    const mine = res.orders[0];
    assert.equal(mine.id, buyId);
    assert.ok(mine.matches.length >= 1, JSON.stringify(res));
    assert.equal(mine.matches[0].price, '0.841204', 'the auction price of the design note example');
    await sleep(1500);
    watch.proc.kill('SIGINT');
    const w = await watch.done;
    assert.equal(w.code, 0, w.stderr);
    const events = w.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const ours = events.find((e) => e.event === 'window' && e.window === settleWindow);
    assert.ok(ours !== undefined, w.stdout);
    assert.equal(ours.orders[0]?.id, buyId, 'watch prints my result');
    assert.equal(ours.orders[0]?.status, 'settled');
    const sres = await ev('seller', ['result', '--window', settleWindow]);
    assert.equal(sres.json.orders[0].matches[0].amount.length > 0, true);
    const orders = await ev('buyer', ['orders', '--window', settleWindow]);
    assert.equal(orders.json.orders.length, 1);
    const hist = await ev('buyer', ['history']);
    const kinds = hist.json.history.map((h: { kind: string }) => h.kind);
    assert.deepEqual(kinds.slice(0, 3), ['grant', 'grant', 'deposit']);
    assert.ok(kinds.slice(3).every((k: string) => k === 'buy') && kinds.length >= 4);
    assert.ok(hist.json.history.every((h: { status: string }) => h.status !== 'unknown'));
    const v = await ev('buyer', ['verify', '--window', settleWindow]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.equal(v.json.ok, true);
    assert.equal(v.json.localHash, v.json.chainHash);
    assert.deepEqual(
      v.json.checks.map((c: { ok: boolean }) => c.ok),
      [true, true, true, true, true],
    );
    const text = await leagEv(['verify', '--window', settleWindow], envOf('buyer'));
    assert.match(text.stdout, /VERIFIED/);
  });

  test('verify catches a node that tampers with the settlement or drops my order (exit 6)', async () => {
    const forged = await tamperingProxy(e2e.urls[0] as string, (path, body) => {
      const st = body?.tx?.tx?.settlement?.settlement;
      if (path.startsWith('/v1/txs/') && st?.pairs?.[0] !== undefined)
        st.pairs[0].sellerGets = (BigInt(st.pairs[0].sellerGets) + 1n).toString();
      return body;
    });
    const dropped = await tamperingProxy(e2e.urls[0] as string, (path, body) => {
      if (path.startsWith('/v1/windows/') && body?.result?.orders !== undefined)
        body.result.orders = body.result.orders.filter(
          (o: { tx: { buyOrder?: unknown } }) => o.tx.buyOrder === undefined,
        );
      return body;
    });
    try {
      const [a, b] = await Promise.all([
        ev('buyer', ['verify', '--window', settleWindow], [forged.url]),
        ev('buyer', ['verify', '--window', settleWindow], [dropped.url]),
      ]);
      assert.equal(a.code, 6, a.stdout + a.stderr);
      const failed = (r: typeof a) =>
        r.json.checks.filter((c: { ok: boolean }) => !c.ok).map((c: { name: string }) => c.name);
      assert.deepEqual(failed(a), ['settlement-hash', 'merkle-proof', 'header-settlement-hash']);
      assert.equal(b.code, 6, b.stdout + b.stderr);
      assert.deepEqual(failed(b), ['my-orders-included', 'settlement-hash']);
    } finally {
      forged.server.close();
      dropped.server.close();
    }
  });
});
