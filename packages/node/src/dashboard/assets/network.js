// The network panel and the status strip: validators, leader, view, credit and weight, peers.
import { $, duration, el, fillKv, setText, short, time, toggleEmpty } from './format.js';

let lastStatus = null;

export function renderStatus(s) {
  lastStatus = s;
  setText('node-name', `${s.nodeName} · ${s.chainId} · v${s.version}`);
  setText('st-height', s.height);
  setText('st-view', s.inViewChange ? `${s.view} (changing)` : s.view);
  const leader = s.validators.find((v) => v.index === s.leader);
  setText('st-leader', leader ? leader.name : `#${s.leader}`);
  setText('st-peers', `${s.peers} / ${Math.max(s.validators.length - 1, 0)}`);
  setText('st-mempool', `${s.mempool.size}`);
  setText('st-window', `#${s.window.current}`);
  tick();

  const maxW = Math.max(1, ...s.validators.map((v) => v.weight));
  const rows = s.validators.map((v) => {
    const self = v.index === s.nodeIndex;
    const link = self
      ? el('span', { class: 'muted' }, 'this node')
      : el('span', { class: v.connected ? 'up' : 'down' }, v.connected ? 'up' : 'down');
    return el(
      'tr',
      { 'data-validator': v.index },
      el('td', {}, v.index),
      el('td', { title: v.pubkey }, v.name),
      el('td', {}, v.index === s.leader ? el('span', { class: 'tag leader' }, 'leader') : ''),
      el('td', { class: 'num' }, v.credit),
      el('td', {}, el('span', { class: 'bar', style: `width:${Math.round((70 * v.weight) / maxW)}px` }), v.weight),
      el('td', {}, link),
    );
  });
  $('validators').tBodies[0].replaceChildren(...rows);
  toggleEmpty('validators-empty', rows.length === 0, 'validators');
  const mono = (hex) => el('span', { class: 'mono', title: hex }, short(hex));
  fillKv('node-kv', [
    ['Chain', s.chainId],
    ['Head time', time(s.headTimeMs)],
    ['Window length', `${Number(s.window.lengthMs) / 1000} s`],
    ['Faucet', s.faucetEnabled ? 'on' : 'off'],
    ['Head hash', mono(s.headHash)],
    ['State root', mono(s.stateRoot)],
    ['Genesis', mono(s.genesisHash)],
    ['Mempool', `${s.mempool.size} / ${s.mempool.capacity}`],
  ]);
}

/** A committed block seen on the event stream: the height moves before the next status poll. */
export function onHeight(h) {
  if (lastStatus !== null && BigInt(h) > BigInt(lastStatus.height)) {
    lastStatus = { ...lastStatus, height: h };
    setText('st-height', h);
  }
}

/** Updates the countdown to the open window's close (called every second). */
export function tick() {
  if (lastStatus === null) return;
  setText('st-closes', duration(Number(lastStatus.window.endMs) - Date.now()));
}
