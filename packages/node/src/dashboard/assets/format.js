// Formatting and DOM helpers. Text goes in through textContent only (never innerHTML).

/** µ/kWh (decimal string) → currency units per kWh, 3 decimals. */
export const price = (micro) => (Number(micro) / 1e6).toFixed(3);
/** Wh (decimal string) → kWh, up to 3 decimals. */
export const kwh = (wh) => (Number(wh) / 1000).toLocaleString('en-US', { maximumFractionDigits: 3 });
export const pct = (x) => `${(x * 100).toFixed(1)} %`;
export const num = (x, d = 3) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d }) : '–');
export const short = (hex) => (hex.length > 16 ? `${hex.slice(0, 8)}…${hex.slice(-6)}` : hex);
export const kind = (k) =>
  String(k)
    .replace(/^TX_KIND_/, '')
    .toLowerCase()
    .replace(/_/g, ' ');

export function time(ms) {
  return new Date(Number(ms)).toLocaleTimeString('en-GB', { hour12: false });
}

export function duration(ms) {
  if (ms <= 0) return 'closing';
  const s = Math.ceil(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** el('td', { class: 'num' }, 'text', child, ...) */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'title') e.title = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, String(v));
  }
  for (const c of children) {
    if (c === undefined || c === null) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export const $ = (id) => document.getElementById(id);

export function setText(id, text) {
  const e = $(id);
  if (e.textContent !== text) e.textContent = text;
}

/** Fills a key/value grid: [['Band price', '0.812'], ...]. */
export function fillKv(id, pairs) {
  $(id).replaceChildren(
    ...pairs.map(([k, v]) => el('div', {}, el('span', { class: 'k' }, k), el('span', { class: 'v' }, v))),
  );
}

/** Shows `emptyId` and hides `contentIds` when `isEmpty`, and the reverse otherwise. */
export function toggleEmpty(emptyId, isEmpty, ...contentIds) {
  $(emptyId).hidden = !isEmpty;
  for (const id of contentIds) $(id).hidden = isEmpty;
}
