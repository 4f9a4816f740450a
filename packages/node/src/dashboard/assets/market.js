// The market panels: the open window's anonymous book (supply and demand curves) and the last
// clearing (matched pairs with energy and prices, band price, welfare, PMA, success rate).
import { get } from './api.js';
import { curves } from './book.js';
import { chart } from './charts.js';
import { $, el, fillKv, kwh, num, pct, price, setText, short, toggleEmpty } from './format.js';

let bookChart = null;
let shownClearing = null;

export function initMarket() {
  bookChart = chart('book-chart', {
    x: { label: 'price /kWh' },
    y: { label: 'kWh' },
    series: [
      { label: 'demand', stroke: '#1b6ec2', fill: 'rgba(27,110,194,0.08)', paths: 'stepBefore' },
      { label: 'supply', stroke: '#d9822b', fill: 'rgba(217,130,43,0.08)', paths: 'stepAfter' },
    ],
  });
}

export async function loadBook() {
  const w = await get('/v1/windows/current');
  const b = w.book;
  setText('book-window', `window #${w.window}`);
  setText('book-state', w.state);
  fillKv('book-kv', [
    ['Buy orders', String(b.buyOrders)],
    ['Sell orders', String(b.sellOrders)],
    ['Demand', `${kwh(b.demandWh)} kWh`],
    ['Supply', `${kwh(b.supplyWh)} kWh`],
  ]);
  const data = curves(b.bids, b.asks);
  const empty = data === null;
  setText(
    'book-empty',
    b.pendingInMempool > 0
      ? `${b.pendingInMempool} order(s) waiting for the next block.`
      : `No orders in window #${w.window} yet.`,
  );
  toggleEmpty('book-empty', empty, 'book-chart');
  if (!empty) bookChart.set(data);
}

/** Shows the clearing of window `w` (figures from the history list entry `f`). */
export async function showClearing(f) {
  if (f === undefined) {
    toggleEmpty('clear-empty', true, 'pairs', 'clear-kv');
    return;
  }
  if (shownClearing === f.window) return;
  const w = await get(`/v1/windows/${f.window}`);
  const s = w.result?.settlement ?? {};
  const pairs = s.pairs ?? [];
  shownClearing = f.window;
  setText('clear-window', `window #${f.window} · block ${f.closedAtHeight}`);
  fillKv('clear-kv', [
    ['Band price', price(f.bandPrice)],
    ['Avg buy / sell', `${price(f.avgBuyPrice)} / ${price(f.avgSellPrice)}`],
    ['Volume sold', `${kwh(f.energySoldWh)} kWh`],
    ['Pairs', String(f.pairs)],
    ['Welfare', num(f.welfare, 4)],
    ['PMA', pct(f.pma)],
    ['Success rate', pct(f.successRate)],
    ['Orders', `${f.buyOrders} buy · ${f.sellOrders} sell`],
  ]);
  const rows = pairs.map((p) =>
    el(
      'tr',
      {},
      el('td', { class: 'mono', title: p.buyer }, short(p.buyer)),
      el('td', { class: 'mono', title: p.seller }, short(p.seller)),
      el('td', { class: 'num' }, kwh(p.energySoldWh ?? '0')),
      el('td', { class: 'num' }, kwh(p.energyBoughtWh ?? '0')),
      el('td', { class: 'num' }, price(p.buyPrice ?? '0')),
      el('td', { class: 'num' }, price(p.sellPrice ?? '0')),
      el('td', { class: 'num' }, p.rounds ?? 0),
    ),
  );
  $('pairs').tBodies[0].replaceChildren(...rows);
  toggleEmpty('clear-empty', false, 'clear-kv');
  $('pairs').hidden = rows.length === 0;
  if (rows.length === 0) {
    $('clear-empty').textContent = `Window #${f.window} cleared with no matched pair.`;
    $('clear-empty').hidden = false;
  }
}
