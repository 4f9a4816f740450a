// History charts per window: prices (band, average buy and sell), volume, social welfare.
import { get } from './api.js';
import { chart } from './charts.js';
import { toggleEmpty } from './format.js';

const LIMIT = 40;
let charts = null;

export function initHistory() {
  const x = { label: 'window', integer: true };
  charts = {
    price: chart('h-price', {
      x,
      y: { label: '/kWh' },
      series: [
        { label: 'band', stroke: '#6b46c1', points: true },
        { label: 'avg buy', stroke: '#1b6ec2', points: true },
        { label: 'avg sell', stroke: '#d9822b', points: true },
      ],
    }),
    volume: chart('h-volume', {
      x,
      y: { label: 'kWh' },
      series: [{ label: 'sold', stroke: '#1e8e3e', fill: 'rgba(30,142,62,0.35)', paths: 'bars' }],
    }),
    welfare: chart('h-welfare', {
      x,
      y: { label: 'welfare' },
      series: [{ label: 'welfare', stroke: '#c5221f', points: true }],
    }),
  };
}

/** Loads the last windows; returns the newest cleared window's figures (or undefined). */
export async function loadHistory() {
  const r = await get(`/v1/windows?limit=${LIMIT}`);
  const ws = [...r.windows].reverse();
  const cleared = ws.filter((w) => w.cleared);
  toggleEmpty('history-empty', cleared.length === 0, 'history-charts');
  if (cleared.length > 0) {
    const xs = ws.map((w) => Number(w.window));
    const p = (k) => ws.map((w) => (w.cleared && w.pairs > 0 ? Number(w[k]) / 1e6 : null));
    charts.price.set([
      xs,
      ws.map((w) => (w.cleared ? Number(w.bandPrice) / 1e6 : null)),
      p('avgBuyPrice'),
      p('avgSellPrice'),
    ]);
    charts.volume.set([xs, ws.map((w) => Number(w.energySoldWh) / 1000)]);
    charts.welfare.set([xs, ws.map((w) => (w.cleared ? w.welfare : null))]);
  }
  return cleared[cleared.length - 1];
}
