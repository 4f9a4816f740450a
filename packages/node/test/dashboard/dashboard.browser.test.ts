/**
 * Browser test of the dashboard with Debian's chromium through playwright-core (never a browser
 * download): a real 4-node leagd testnet on 127.0.0.1, EVs trading through the API so windows
 * clear; the page must go live, show blocks arriving, a window clearing (pairs, figures, history
 * charts), a block's txs and a search, with no console errors. Saves a screenshot (to the path in
 * LEAG_DASHBOARD_SCREENSHOT when set, e.g. docs/screenshots/dashboard.png). Skips, saying why,
 * when /usr/bin/chromium is absent.
 */
import '@leag/core/polyfills';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { toJson } from '@leag/core';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { call, TestEv, Testnet, waitFor } from '../harness/index.js';

/** The page's DOM as the functions run in the browser see it (this package has no DOM types). */
declare const document: {
  getElementById(id: string): { hidden: boolean; textContent: string | null } | null;
  querySelector(selector: string): { getAttribute(name: string): string | null } | null;
};

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent (install Debian's chromium, .ci/system-deps)`;
if (skip !== false) console.log(`# dashboard browser test skipped: ${skip}`);

/** Waits for a window with at least `leftMs` to go and returns its number. */
async function windowWithTimeLeft(tn: Testnet, leftMs: number): Promise<bigint> {
  return waitFor(
    'a window with time left',
    async () => {
      const s = await tn.node(0).status();
      return Number(s.window.endMs) - Date.now() > leftMs ? BigInt(s.window.current) : undefined;
    },
    20_000,
    100,
  );
}

async function submit(tn: Testnet, node: number, tx: Parameters<typeof toJson<'SignedTx'>>[1]): Promise<string> {
  const r = await call<{ txId: string }>(tn.node(node).apiUrl, 'submitOrder', { body: { tx: toJson('SignedTx', tx) } });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  return r.body.txId;
}

describe('dashboard in headless chromium', { skip, timeout: 150_000 }, () => {
  let tn: Testnet;
  let browser: BrowserContext;
  let page: Page;
  let profile: string;
  const errors: string[] = [];

  before(async () => {
    profile = mkdtempSync(join(tmpdir(), 'leag-chromium-'));
    [tn, browser] = await Promise.all([
      Testnet.start({ nodes: 4, windowMs: 6000, blockIntervalMs: 400, viewTimeoutMs: 1500 }),
      chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        args: ARGS,
        viewport: { width: 1400, height: 1000 },
      }),
    ]);
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  });

  after(async () => {
    await browser?.close();
    await tn?.stop();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  test('goes live, shows blocks arriving, a window clearing, details and search', { timeout: 120_000 }, async () => {
    await page.goto(`${tn.node(0).apiUrl}/`);
    await page.waitForSelector('#conn[data-state="live"]', { timeout: 15_000 });
    const rows = await page.locator('#validators tbody tr').count();
    assert.equal(rows, 4);
    assert.match((await page.textContent('#validators tbody')) ?? '', /leader/);

    // blocks arrive through the event stream
    const first = Number(await page.getAttribute('#blocks tbody tr:first-child', 'data-height'));
    await page.waitForFunction(
      (h) => Number(document.querySelector('#blocks tbody tr')?.getAttribute('data-height')) > h + 2,
      first,
      {
        timeout: 15_000,
      },
    );

    // EVs trade: three buyers and three sellers in one window, two of them again in the next
    const buyers = [0, 1, 2].map((i) => new TestEv(`buyer${i}`, tn));
    const sellers = [0, 1, 2].map((i) => new TestEv(`seller${i}`, tn));
    await Promise.all([...buyers, ...sellers].map((ev, i) => ev.register(i % 4)));
    await Promise.all(buyers.map((b, i) => b.fund(i % 4, 100_000_000n)));
    await Promise.all([...buyers, ...sellers].map((ev) => ev.waitGranted(0)));
    const w = await windowWithTimeLeft(tn, 3500);
    const orders = [
      ...(await Promise.all(
        buyers.map((b, i) => b.buy(i % 4, w, { dMaxWh: BigInt(6000 + 2000 * i), price: BigInt(820_000 + 30_000 * i) })),
      )),
      ...sellers.map((x, i) => x.sell(w, { sMaxWh: BigInt(5000 + 3000 * i), price: BigInt(760_000 + 40_000 * i) })),
    ];
    const ids = await Promise.all(orders.map((o, i) => submit(tn, i % 4, o)));
    const buyIds = ids.slice(0, 3);

    // the window clears: the clearing panel shows it with pairs and figures, history has a point
    await page.waitForFunction(
      (win) => document.getElementById('clear-window')?.textContent?.includes(`#${win} `),
      String(w),
      {
        timeout: 30_000,
      },
    );
    assert.ok((await page.locator('#pairs tbody tr').count()) >= 1);
    const kv = (await page.textContent('#clear-kv')) ?? '';
    for (const k of ['Band price', 'Welfare', 'PMA', 'Success rate']) assert.ok(kv.includes(k), kv);
    assert.equal(await page.isHidden('#history-empty'), true);
    assert.ok((await page.locator('#h-price canvas').count()) === 1);

    // a second, smaller window so the history shows a trend
    const w2 = await windowWithTimeLeft(tn, 3500);
    const b2 = await buyers[0]!.buy(0, w2, { dMaxWh: 4000n, price: 900_000n });
    await Promise.all([submit(tn, 0, b2), submit(tn, 1, sellers[2]!.sell(w2, { sMaxWh: 7000n, price: 780_000n }))]);
    await page.waitForFunction(
      (win) => document.getElementById('clear-window')?.textContent?.includes(`#${win} `),
      String(w2),
      {
        timeout: 30_000,
      },
    );

    // search by block hash: the block holding the first buy order, then that order from its tx list
    const tx = await call<{ height: string; blockHash: string }>(tn.node(0).apiUrl, 'getTx', {
      params: { id: buyIds[0]! },
    });
    assert.equal(tx.status, 200);
    await page.fill('#search-input', tx.body.blockHash);
    await page.click('#search button');
    await page.waitForSelector('#detail:not([hidden])');
    assert.equal(await page.textContent('#detail-title'), `Block ${tx.body.height}`);
    await page.click(`#block-txs button[title="${buyIds[0]}"]`);
    await page.waitForFunction(() => document.getElementById('detail-title')?.textContent?.startsWith('Transaction'));
    assert.match((await page.textContent('#detail-body')) ?? '', /buy order/);
    assert.match((await page.textContent('#detail-body')) ?? '', new RegExp(buyIds[0]!));

    await page.click('#detail-close');
    // orders in the open window: the book shows them as anonymous supply and demand curves
    const w3 = await windowWithTimeLeft(tn, 3500);
    const b3 = await Promise.all([
      buyers[1]!.buy(1, w3, { dMaxWh: 9000n, price: 880_000n }),
      buyers[2]!.buy(2, w3, { dMaxWh: 5000n, price: 840_000n }),
    ]);
    await Promise.all([
      ...b3.map((o, i) => submit(tn, i + 1, o)),
      submit(tn, 3, sellers[0]!.sell(w3, { sMaxWh: 6000n, price: 790_000n })),
      submit(tn, 0, sellers[1]!.sell(w3, { sMaxWh: 8000n, price: 830_000n })),
    ]);
    await page
      .waitForFunction(
        (win) =>
          document.getElementById('book-window')?.textContent === `window #${win}` &&
          document.getElementById('book-chart')?.hidden === false,
        String(w3),
        { timeout: 20_000 },
      )
      .catch(async (e: Error) => {
        const shown = `${await page.textContent('#book-window')} ${await page.textContent('#book-kv')}`;
        throw new Error(`window ${w3}'s orders never showed in the book (shown: ${shown}): ${e.message}`);
      });
    await page.waitForTimeout(300);
    const shot = join(profile, 'dashboard.png');
    await page.screenshot({ path: shot, fullPage: true });
    const out = process.env.LEAG_DASHBOARD_SCREENSHOT;
    if (out !== undefined && out !== '') {
      mkdirSync(dirname(resolve(out)), { recursive: true });
      await page.screenshot({ path: resolve(out), fullPage: true });
    }
    assert.deepEqual(errors, []);

    // the node goes away: the page says so, keeps its data, and goes live again when it is back
    await tn.node(0).stop('SIGTERM');
    await page.waitForSelector('#conn[data-state="lost"]', { timeout: 15_000 });
    assert.equal(await page.isVisible('#banner'), true);
    assert.match((await page.textContent('#banner')) ?? '', /Lost the connection/);
    assert.ok((await page.locator('#blocks tbody tr').count()) > 0, 'the last data stays on screen');
    tn.node(0).start();
    await page.waitForSelector('#conn[data-state="live"]', { timeout: 45_000 });
    assert.equal(await page.isVisible('#banner'), false);
    // while the node was down the browser logs failed requests; nothing else may go wrong
    const unexpected = errors.filter(
      (e) => !/ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE|Failed to load resource/.test(e),
    );
    assert.deepEqual(unexpected, []);
  });

  test('dashboard routes: window history, block by hash, bad input is a clear 4xx', async () => {
    const base = tn.node(1).apiUrl;
    const hist = await call<{ lastClosed: string; windows: { window: string; cleared: boolean; pairs: number }[] }>(
      base,
      'listWindows',
      { query: '?limit=100' },
    );
    assert.equal(hist.status, 200);
    assert.ok(hist.body.windows.length >= 2 && hist.body.windows.length <= 100);
    assert.equal(hist.body.windows[0]?.window, hist.body.lastClosed);
    assert.ok(hist.body.windows.some((w) => w.cleared && w.pairs > 0));
    const bad = await call<{ error: { code: string } }>(base, 'listWindows', { query: '?limit=0' });
    assert.equal(bad.status, 400);
    const blk = await call<{ hash: string; height: string; txIds: string[] }>(base, 'getBlock', {
      params: { height: '2' },
    });
    const byHash = await call<{ height: string; txIds: string[] }>(base, 'getBlockByHash', {
      params: { hash: blk.body.hash },
    });
    assert.equal(byHash.status, 200);
    assert.equal(byHash.body.height, '2');
    assert.deepEqual(byHash.body.txIds, blk.body.txIds);
    const missing = await call<{ error: { code: string } }>(base, 'getBlockByHash', {
      params: { hash: 'ab'.repeat(32) },
    });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'API_NOT_FOUND');
    const malformed = await call(base, 'getBlockByHash', { params: { hash: 'xyz' } });
    assert.equal(malformed.status, 400);
    const asset = await fetch(`${base}/dashboard/../package.json`);
    assert.equal(asset.status, 404);
  });
});
