/**
 * The dashboard's assets: every file the page loads is served (no CDN, nothing external), with
 * the right content type; and the order-book curves are right.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DASHBOARD_FILES, dashboardAssets } from '../../src/dashboard/plugin.js';

const ASSETS = join(dirname(fileURLToPath(import.meta.url)), '../../src/dashboard/assets');

describe('dashboard assets', () => {
  const served = dashboardAssets();

  test('the page loads only served, same-origin files', () => {
    const html = served.get('/')?.body.toString('utf8') ?? '';
    assert.match(html, /<title>LEAG node dashboard<\/title>/);
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)]
      .map((m) => m[1] as string)
      .filter((r) => !r.startsWith('data:'));
    assert.ok(refs.length >= 4);
    for (const r of refs) {
      assert.ok(r.startsWith('/dashboard/'), `${r} is not served by the node`);
      assert.ok(served.has(r), `${r} is referenced but not served`);
    }
    assert.doesNotMatch(html, /https?:\/\//);
  });

  test('every module import is a served file; no script reaches outside the node', () => {
    for (const f of DASHBOARD_FILES.filter((x) => x.endsWith('.js'))) {
      const src = readFileSync(join(ASSETS, f), 'utf8');
      for (const m of src.matchAll(/from '\.\/([^']+)'/g))
        assert.ok(served.has(`/dashboard/${m[1]}`), `${f} imports ${m[1]}`);
      assert.doesNotMatch(src, /https?:\/\//, f);
      assert.doesNotMatch(
        src,
        /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML/,
        `${f}: text goes in through textContent`,
      );
    }
  });

  test('content types', () => {
    assert.match(served.get('/')?.type ?? '', /^text\/html/);
    assert.match(served.get('/dashboard/app.js')?.type ?? '', /^text\/javascript/);
    assert.match(served.get('/dashboard/vendor/uPlot.min.css')?.type ?? '', /^text\/css/);
    assert.ok((served.get('/dashboard/vendor/uPlot.iife.min.js')?.body.length ?? 0) > 10_000);
  });

  test('supply and demand curves over the price levels', async () => {
    const { curves } = (await import(pathToFileURL(join(ASSETS, 'book.js')).href)) as {
      curves: (b: unknown[], a: unknown[]) => [number[], number[], number[]] | null;
    };
    assert.equal(curves([], []), null);
    const bids = [
      { price: '900000', energyWh: '4000' },
      { price: '800000', energyWh: '6000' },
    ];
    const asks = [
      { price: '700000', energyWh: '5000' },
      { price: '850000', energyWh: '3000' },
    ];
    const c = curves(bids, asks);
    assert.ok(c !== null);
    const [xs, demand, supply] = c;
    assert.deepEqual(xs.slice(1, -1), [0.7, 0.8, 0.85, 0.9]);
    assert.deepEqual(demand, [10, 10, 10, 4, 4, 0]);
    assert.deepEqual(supply, [0, 5, 5, 8, 8, 8]);
    // a single price level still gets a visible range around it
    const one = curves([{ price: '800000', energyWh: '1000' }], []);
    assert.ok(one !== null && (one[0][0] as number) < 0.8 && (one[0].at(-1) as number) > 0.8);
  });
});
