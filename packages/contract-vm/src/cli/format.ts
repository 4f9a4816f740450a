/** Output of `leag-sim clear`: the JSON report of design/babg.md §9 and a readable table. */
import { formatKWh, formatMoney, formatPrice, type Settlement } from '@leag/core';
import type { ClearResult } from '../settlement.js';

/** The settlement with integers as decimal strings (JSON has no bigint). */
export function settlementToJson(s: Settlement): unknown {
  return JSON.parse(JSON.stringify(s, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}

export function toJsonReport(r: ClearResult, hash: string): unknown {
  return {
    bandPrice: Number(formatPrice(r.settlement.bandPrice)),
    lambda: r.lambda,
    matches: r.pairs.map((p) => ({
      buyer: p.buyer,
      seller: p.seller,
      energySold: p.energySold,
      energyBought: p.energyBought,
      buyPrice: p.buyPrice,
      sellPrice: p.sellPrice,
      rounds: p.rounds,
    })),
    unmatchedBuyers: r.settlement.unmatchedBuyers,
    unmatchedSellers: r.settlement.unmatchedSellers,
    droppedBuyers: r.droppedBuyers,
    figures: r.figures,
    settlement: settlementToJson(r.settlement),
    settlementHash: hash,
  };
}

function table(head: string[], rows: string[][], right: boolean[]): string {
  const w = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((x, c) => (right[c] ? x.padStart(w[c]!) : x.padEnd(w[c]!)))
      .join('  ')
      .trimEnd();
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n');
}

const fix = (x: number, d: number): string => x.toFixed(d);

export function formatTable(r: ClearResult, hash: string): string {
  const s = r.settlement;
  const f = r.figures;
  const out: string[] = [];
  out.push(`window ${s.window}   band price ${formatPrice(s.bandPrice)} /kWh   lambda ${r.lambda.toPrecision(8)}`);
  out.push(`admitted ${s.buyersAdmitted} buyers, ${s.sellersAdmitted} sellers; ${s.pairs.length} pairs`);
  out.push('');
  if (s.pairs.length > 0) {
    const rows = s.pairs.map((p) => [
      p.buyer,
      p.seller,
      formatKWh(p.energySoldWh),
      formatKWh(p.energyBoughtWh),
      formatPrice(p.buyPrice),
      formatPrice(p.sellPrice),
      String(p.rounds),
      formatMoney(p.buyerPays),
      formatMoney(p.sellerGets),
    ]);
    const head = [
      'buyer',
      'seller',
      'sold kWh',
      'bought kWh',
      'buy /kWh',
      'sell /kWh',
      'rounds',
      'buyer pays',
      'seller gets',
    ];
    out.push(table(head, rows, [false, false, true, true, true, true, true, true, true]));
    out.push('');
  }
  out.push(`unmatched buyers:  ${s.unmatchedBuyers.length > 0 ? s.unmatchedBuyers.join(', ') : '(none)'}`);
  out.push(`unmatched sellers: ${s.unmatchedSellers.length > 0 ? s.unmatchedSellers.join(', ') : '(none)'}`);
  if (r.droppedBuyers.length > 0) out.push(`dropped for feasibility: ${r.droppedBuyers.join(', ')}`);
  let refunded = 0n;
  for (const x of s.refunds) refunded += x.amount;
  out.push(
    `refunds: ${s.refunds.length} orders, ${formatMoney(refunded)} in total   LEAG margin: ${formatMoney(s.margin)}`,
  );
  out.push('');
  out.push(
    `social welfare ${fix(f.socialWelfare, 6)}   cost ${fix(f.cost, 6)}   CP ${fix(f.costPerformance, 6)}   ` +
      `success rate ${fix(f.successRate * 100, 2)} %`,
  );
  out.push(
    `avg buy price ${fix(f.avgBuyPrice, 6)}   avg sell price ${fix(f.avgSellPrice, 6)}   PMA ${fix(f.pma * 100, 4)} %   ` +
      `rounds mean ${fix(f.meanRounds, 3)} max ${f.maxRounds}`,
  );
  out.push(`volume bought ${fix(f.volumeBought, 3)} kWh   sold ${fix(f.volumeSold, 3)} kWh`);
  out.push(`settlement hash ${hash}`);
  return `${out.join('\n')}\n`;
}
