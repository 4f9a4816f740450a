/** API routes the dashboard needs beyond the daemon's: block by hash, and the window history. */
import { type BlockResponse, fromHex, LeagError, type WindowListResponse } from '@leag/core';
import type { ApiContext } from '../api/context.js';
import { notFound } from '../api/errors.js';
import { chainHandlers, type Req } from '../api/handlers-chain.js';
import { parseU64 } from '../api/parse.js';
import { decodeBlock } from '../ledger/index.js';
import { windowFigures } from './figures.js';

export const dashboardHandlers = {
  async getBlockByHash(c: ApiContext, r: Req): Promise<BlockResponse> {
    const hash = fromHex(r.params.hash ?? '', 32);
    const bytes = await c.ledger.store.getBlockByHash(hash);
    if (bytes === undefined) throw notFound(`block ${r.params.hash}`);
    const block = decodeBlock(bytes, c.ctx.limits.maxBlockBytes + 1024);
    return chainHandlers.getBlock(c, {
      params: { height: block.header.height.toString() },
      query: {},
      body: undefined,
    });
  },

  async listWindows(c: ApiContext, r: Req): Promise<WindowListResponse> {
    const last = c.ledger.view().tip()?.lastSettledWindow ?? 0n;
    const to = r.query.to === undefined ? last : parseU64(String(r.query.to), 'to');
    const limit = BigInt(Number(r.query.limit ?? 30));
    if (limit < 1n || limit > 100n) throw new LeagError('API_BAD_LIMIT', 'limit must be between 1 and 100');
    const top = to < last ? to : last;
    const windows: WindowListResponse['windows'] = [];
    for (let w = top; w >= 1n && w > top - limit; w--) windows.push(await windowFigures(c, w));
    return { lastClosed: last.toString(), windows };
  },
};
