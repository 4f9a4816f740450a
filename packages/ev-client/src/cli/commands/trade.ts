/** buy, sell, grid, orders, result, watch, verify. */
import { LeagError } from '@leag/core';
import type { Command } from 'commander';
import { followEvents } from '../../client/sse.js';
import { LOOSE_BOUNDS } from '../../ops/chain.js';
import { latestOrderWindow, myOrders, type OrderView } from '../../ops/results.js';
import { type PlaceResult, placeBuy, placeGrid, placeSell } from '../../ops/trade.js';
import { verifyRemote } from '../../ops/verify-remote.js';
import { validateBuy, validateGrid, validateSell } from '../../orders/validate.js';
import { table } from '../output.js';
import type { Register } from './wallet.js';

const windowArg = (v: unknown): bigint => {
  const s = String(v);
  if (!/^[1-9][0-9]{0,19}$/.test(s))
    throw new LeagError('CLI_BAD_OPTION', `--window must be a window number ≥ 1, got "${s}"`);
  return BigInt(s);
};

const placed = (r: PlaceResult) =>
  `order ${r.id}\nwindow ${r.window}  address ${r.address}  status ${r.status}  node ${r.node}`;

function viewsText(v: OrderView[]): string {
  const rows: string[][] = [];
  for (const o of v) {
    if (o.matches.length === 0) rows.push([o.kind, o.id.slice(0, 16), o.window, o.status, '', '', '', o.refund ?? '']);
    for (const m of o.matches)
      rows.push([o.kind, o.id.slice(0, 16), o.window, o.status, m.energyKWh, m.price, m.amount, o.refund ?? '']);
  }
  return table(['side', 'order', 'window', 'status', 'kWh', 'price', 'paid/got', 'refund'], rows);
}

export function tradeCommands(program: Command, on: Register): void {
  on(
    program
      .command('buy')
      .description('place a buy (charging) order for the open window, signed by a fresh address')
      .requiredOption('--min <kWh>', 'least energy needed (d_min)')
      .requiredOption('--max <kWh>', 'most energy wanted (d_max)')
      .requiredOption('--price <p>', 'initial expected price per kWh')
      .requiredOption('--max-price <p>', 'highest acceptable price per kWh')
      .option('--omega <w>', 'willingness to trade, in (0, 1]', '1')
      .option('--grid-fallback', 'if unmatched, buy from the grid instead'),
    async (ctx, o) => {
      const input = {
        min: String(o.min),
        max: String(o.max),
        price: String(o.price),
        maxPrice: String(o.maxPrice),
        omega: String(o.omega),
        gridFallback: o.gridFallback === true,
      };
      validateBuy(input, LOOSE_BOUNDS);
      const w = await ctx.wallet();
      const r = await placeBuy(ctx.client(), w, input);
      ctx.out.result(r, () => placed(r));
    },
  );
  on(
    program
      .command('sell')
      .description('place a sell (discharging) order for the open window')
      .requiredOption('--max <kWh>', 'most energy to discharge (s_max)')
      .requiredOption('--price <p>', 'initial expected price per kWh')
      .requiredOption('--min-price <p>', 'lowest acceptable price per kWh')
      .option('--grid-fallback', 'if unmatched, sell to the grid instead'),
    async (ctx, o) => {
      const input = {
        max: String(o.max),
        price: String(o.price),
        minPrice: String(o.minPrice),
        gridFallback: o.gridFallback === true,
      };
      validateSell(input, LOOSE_BOUNDS);
      const w = await ctx.wallet();
      const r = await placeSell(ctx.client(), w, input);
      ctx.out.result(r, () => placed(r));
    },
  );
  on(
    program
      .command('grid')
      .description('trade with the grid now at grid prices: grid buy|sell <kWh>')
      .argument('<side>', 'buy or sell')
      .argument('<kWh>', 'energy'),
    async (ctx, _o, cmd) => {
      const [side, energy] = cmd.args as [string, string];
      validateGrid({ side, energy }, LOOSE_BOUNDS);
      const w = await ctx.wallet();
      const r = await placeGrid(ctx.client(), w, { side, energy });
      ctx.out.result(r, () => `grid ${side} ${energy} kWh: tx ${r.id}\naddress ${r.address}  status ${r.status}`);
    },
  );
  on(
    program.command('orders').description('my orders and their state').option('--window <n>', 'only this window'),
    async (ctx, o) => {
      const w = await ctx.wallet();
      const v = await myOrders(ctx.client(), w, o.window === undefined ? undefined : windowArg(o.window));
      ctx.out.result({ orders: v }, () => viewsText(v));
    },
  );
  on(
    program
      .command('result')
      .description('my matches in a window: energy, prices, payments, refunds')
      .option('--window <n>', 'the window (default: the latest with an order of mine)'),
    async (ctx, o) => {
      const w = await ctx.wallet();
      const win = o.window === undefined ? latestOrderWindow(w) : windowArg(o.window);
      if (win === null) throw new LeagError('EV_NO_ORDERS', 'this wallet has placed no order yet');
      const v = await myOrders(ctx.client(), w, win);
      ctx.out.result({ window: win.toString(), orders: v }, () => `window ${win}\n${viewsText(v)}`);
    },
  );
  on(
    program
      .command('watch')
      .description('follow the event stream and print my results as windows close')
      .option('--windows <n>', 'stop after this many windows closed (default: run until Ctrl-C)')
      .option('--blocks', 'also print every block'),
    async (ctx, o) => {
      const w = await ctx.wallet();
      const client = ctx.client();
      const stopAfter = o.windows === undefined ? Number.POSITIVE_INFINITY : Number(o.windows);
      if (!(stopAfter >= 1)) throw new LeagError('CLI_BAD_OPTION', `--windows must be ≥ 1, got ${String(o.windows)}`);
      const ac = new AbortController();
      const stop = () => ac.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      let seen = 0;
      ctx.out.note(`watching ${client.node} (Ctrl-C to stop)`);
      await followEvents(client.transport, {
        signal: ac.signal,
        onReconnect: (node, reason) => ctx.out.note(`event stream from ${node} dropped (${reason}); reconnecting`),
        onEvent: async (e) => {
          if (e.event === 'block') {
            if (o.blocks === true)
              ctx.out.result({ event: 'block', ...e.data }, () => `block ${e.data.height} txs ${e.data.txCount}`);
            return;
          }
          const win = BigInt(e.data.window);
          // Re-read the keystore: orders placed while watching (by other leag-ev runs) count too.
          const fresh = await ctx.wallet().catch(() => w);
          const mine = await myOrders(client, fresh, win);
          ctx.out.result({ event: 'window', ...e.data, orders: mine }, () =>
            [
              `window ${e.data.window} closed at height ${e.data.closedAtHeight}: ${e.data.pairs} pairs, band price ${Number(e.data.bandPrice) / 1e6}`,
              ...(mine.length > 0 ? [viewsText(mine)] : []),
            ].join('\n'),
          );
          if (++seen >= stopAfter) ac.abort();
        },
      });
    },
  );
  on(
    program
      .command('verify')
      .description("re-run a window's clearing locally and check the settlement and its Merkle proof")
      .requiredOption('--window <n>', 'the window to verify'),
    async (ctx, o) => {
      const win = windowArg(o.window);
      const w = await ctx.wallet().catch((e) => {
        // Anyone can verify a window; without a keystore the "my orders included" check is empty.
        if (e instanceof LeagError && (e.code === 'KEYSTORE_NOT_FOUND' || e.code === 'KEYSTORE_PASSPHRASE'))
          return undefined;
        throw e;
      });
      const r = await verifyRemote(ctx.client(), win, w);
      ctx.out.result(r, () =>
        [
          `window ${r.window}: ${r.ok ? 'VERIFIED' : 'MISMATCH'} (${r.orders} orders, block ${r.blockHeight})`,
          ...r.checks.map((c) => `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`),
        ].join('\n'),
      );
      if (!r.ok) process.exitCode = 6;
    },
  );
}
