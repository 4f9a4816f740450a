// The chain panel: latest blocks (live), a block's transactions, a tx, an address, and search.
import { get } from './api.js';
import { $, el, kind, kwh, price, short, time, toggleEmpty } from './format.js';

const SHOW = 12;
let blocks = [];

function blockRow(b, fresh) {
  return el(
    'tr',
    { class: fresh ? 'fresh' : undefined, 'data-height': b.height, onclick: () => showBlock(b.height) },
    el('td', { class: 'num' }, b.height),
    el('td', { class: 'mono', title: b.hash }, short(b.hash)),
    el('td', {}, time(b.timestampMs)),
    el('td', {}, `#${b.proposer}`),
    el('td', { class: 'num' }, b.txCount),
    el('td', {}, b.settles ? el('span', { class: 'tag' }, b.settles) : ''),
  );
}

function renderBlocks(freshHeight) {
  $('blocks').tBodies[0].replaceChildren(...blocks.map((b) => blockRow(b, b.height === freshHeight)));
  toggleEmpty('blocks-empty', blocks.length === 0, 'blocks');
}

export async function loadBlocks() {
  const r = await get(`/v1/blocks?limit=${SHOW}`);
  blocks = r.blocks.map((b) => ({ ...b, settles: b.settlementHash !== '' ? 'clears a window' : '' }));
  renderBlocks(null);
}

/** A block event from the stream; reloads the list when blocks were missed. */
export async function onBlock(ev) {
  const top = blocks[0] ? BigInt(blocks[0].height) : -1n;
  const h = BigInt(ev.height);
  if (h <= top) return;
  if (h > top + 1n && top >= 0n) return loadBlocks();
  const settles = ev.closedWindows.length > 0 ? `clears #${ev.closedWindows.join(', #')}` : '';
  blocks = [{ ...ev, settles }, ...blocks].slice(0, SHOW);
  renderBlocks(ev.height);
}

function openDetail(title, ...content) {
  $('detail-title').textContent = title;
  $('detail-body').replaceChildren(...content);
  $('detail').hidden = false;
  $('detail').scrollIntoView({ block: 'nearest' });
}

const link = (text, fn, title) => el('button', { type: 'button', class: 'link mono', onclick: fn, title }, text);

function txSummary(tx) {
  if (tx.buyOrder)
    return `buy ≤ ${kwh(tx.buyOrder.dMaxWh)} kWh at ${price(tx.buyOrder.price)} (window #${tx.buyOrder.window})`;
  if (tx.sellOrder)
    return `sell ≤ ${kwh(tx.sellOrder.sMaxWh)} kWh at ${price(tx.sellOrder.price)} (window #${tx.sellOrder.window})`;
  const s = tx.settlement?.settlement;
  if (s) return `window #${s.window}: ${s.pairs?.length ?? 0} pairs, band ${price(s.bandPrice ?? '0')}`;
  if (tx.gridTrade)
    return `${kind(tx.gridTrade.side).replace('grid side ', '')} ${kwh(tx.gridTrade.energyWh)} kWh with the grid`;
  return `${tx.inputs?.length ?? 0} inputs, ${tx.outputs?.length ?? 0} outputs`;
}

export async function showBlock(heightOrHash) {
  const r = await get(
    /^[0-9a-f]{64}$/.test(heightOrHash) ? `/v1/blocks/hash/${heightOrHash}` : `/v1/blocks/${heightOrHash}`,
  );
  const h = r.block.header ?? {};
  const txs = r.block.txs ?? [];
  const ids = r.txIds ?? [];
  const signers = r.cert?.signatures?.length ?? r.cert?.votes?.length;
  const rows = txs.map((t, i) =>
    el(
      'tr',
      {},
      el('td', {}, ids[i] ? link(short(ids[i]), () => showTx(ids[i]), ids[i]) : i),
      el('td', { class: 'kind' }, kind(t.tx?.kind ?? '')),
      el('td', {}, txSummary(t.tx ?? {})),
    ),
  );
  openDetail(
    `Block ${r.height}`,
    el(
      'div',
      { class: 'kv' },
      ...[
        ['Hash', el('span', { class: 'mono' }, short(r.hash))],
        ['Time', time(h.timestampMs ?? 0)],
        ['Proposer', `#${h.proposer ?? 0}`],
        ['Transactions', String(txs.length)],
        ['State root', el('span', { class: 'mono' }, short(h.stateRoot ?? ''))],
        ['Certificate', r.cert ? `${signers ?? '?'} signatures` : 'with the next block'],
      ].map(([k, v]) => el('div', {}, el('span', { class: 'k' }, k), el('span', { class: 'v' }, v))),
    ),
    txs.length === 0
      ? el('p', { class: 'empty' }, 'No transactions in this block.')
      : el(
          'table',
          { class: 'tbl txs', id: 'block-txs' },
          el('thead', {}, el('tr', {}, el('th', {}, 'Tx id'), el('th', {}, 'Kind'), el('th', {}, 'What'))),
          el('tbody', {}, ...rows),
        ),
  );
}

export async function showTx(id) {
  const r = await get(`/v1/txs/${id}`);
  const tx = r.tx.tx ?? {};
  const outs = (tx.outputs ?? []).map((o) =>
    el(
      'tr',
      {},
      el(
        'td',
        { class: 'mono' },
        link(short(o.address), () => showAddress(o.address), o.address),
      ),
      el('td', { class: 'num' }, price(o.value ?? '0')),
      el('td', { class: 'num' }, kwh(o.energyWh ?? '0')),
      el('td', { class: 'num' }, o.escrowWindow && o.escrowWindow !== '0' ? `#${o.escrowWindow}` : ''),
    ),
  );
  openDetail(
    `Transaction ${short(r.txId)}`,
    el(
      'div',
      { class: 'kv' },
      ...[
        ['Status', r.status],
        ['Kind', kind(tx.kind ?? '')],
        ['Block', r.height ? link(r.height, () => showBlock(r.height)) : 'not yet'],
        ['What', txSummary(tx)],
      ].map(([k, v]) => el('div', {}, el('span', { class: 'k' }, k), el('span', { class: 'v' }, v))),
    ),
    el('p', { class: 'mono muted' }, r.txId),
    outs.length === 0
      ? el('p', { class: 'empty' }, 'No outputs.')
      : el(
          'table',
          { class: 'tbl' },
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              el('th', {}, 'Output to'),
              el('th', { class: 'num' }, 'Value'),
              el('th', { class: 'num' }, 'Energy kWh'),
              el('th', { class: 'num' }, 'Escrow'),
            ),
          ),
          el('tbody', {}, ...outs),
        ),
  );
}

export async function showAddress(address) {
  const [bal, grant] = await Promise.all([
    get(`/v1/addresses/${encodeURIComponent(address)}/balance`),
    get(`/v1/addresses/${encodeURIComponent(address)}/grant`),
  ]);
  openDetail(
    'Address',
    el('p', { class: 'mono' }, bal.address),
    el(
      'div',
      { class: 'kv', id: 'address-kv' },
      ...[
        ['Granted', grant.granted ? 'yes' : 'no'],
        ['Free', price(bal.free)],
        ['In escrow', price(bal.escrow)],
        ['Energy', `${kwh(bal.energyWh)} kWh`],
        ['Coins', String(bal.coins)],
        ['At height', bal.height],
      ].map(([k, v]) => el('div', {}, el('span', { class: 'k' }, k), el('span', { class: 'v' }, v))),
    ),
  );
}

/** Search: a height, a block hash or tx id (64 hex: block first, then tx), or an address. */
export async function search(q) {
  const s = q.trim();
  if (/^(0|[1-9][0-9]{0,19})$/.test(s)) return showBlock(s);
  if (/^[0-9a-fA-F]{64}$/.test(s)) {
    const id = s.toLowerCase();
    try {
      return await showBlock(id);
    } catch (e) {
      if (e.status !== 404) throw e;
    }
    return showTx(id);
  }
  if (/^leag1[02-9ac-hj-np-z]{20,}$/.test(s) || /^[0-9a-fA-F]{40}$/.test(s)) return showAddress(s);
  throw new Error('enter a block height, a 64-hex block hash or tx id, or an address (leag1… or 40 hex)');
}

export function showError(what, e) {
  openDetail(what, el('p', { class: 'err' }, e.message));
}
