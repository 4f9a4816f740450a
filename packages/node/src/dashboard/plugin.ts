/**
 * Serves the dashboard: `/` is the page, `/dashboard/<file>` its scripts and styles, and
 * `/dashboard/vendor/*` uPlot from node_modules (no CDN: nodes run offline). Every asset is read
 * once at start from a fixed list, so no request path ever reaches the file system.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LeagError } from '@leag/core';
import type { FastifyInstance } from 'fastify';

const ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'assets');

/** Browser files of the dashboard (assets/), served at /dashboard/<name>. */
export const DASHBOARD_FILES = [
  'dashboard.css',
  'app.js',
  'book.js',
  'api.js',
  'format.js',
  'charts.js',
  'network.js',
  'chain.js',
  'market.js',
  'history.js',
] as const;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

interface Asset {
  body: Buffer;
  type: string;
}

function load(path: string): Asset {
  const ext = path.slice(path.lastIndexOf('.'));
  const type = TYPES[ext];
  if (type === undefined) throw new LeagError('DASHBOARD_ASSET_TYPE', `no content type for ${path}`);
  try {
    return { body: readFileSync(path), type };
  } catch (e) {
    throw new LeagError('DASHBOARD_ASSET_MISSING', `dashboard asset ${path} cannot be read`, { cause: String(e) });
  }
}

/** Every served path → its asset (exported for tests). */
export function dashboardAssets(): Map<string, Asset> {
  const req = createRequire(import.meta.url);
  const m = new Map<string, Asset>();
  m.set('/', load(join(ASSETS_DIR, 'index.html')));
  for (const f of DASHBOARD_FILES) m.set(`/dashboard/${f}`, load(join(ASSETS_DIR, f)));
  m.set('/dashboard/vendor/uPlot.iife.min.js', load(req.resolve('uplot/dist/uPlot.iife.min.js')));
  m.set('/dashboard/vendor/uPlot.min.css', load(req.resolve('uplot/dist/uPlot.min.css')));
  return m;
}

/** Registers the dashboard's GET routes on the API server (outside the per-IP rate limit). */
export function registerDashboard(app: FastifyInstance): void {
  const assets = dashboardAssets();
  for (const [url, a] of assets) {
    app.get(url, { schema: { hide: true }, config: { rateLimit: false } }, async (_req, reply) => {
      void reply
        .header('content-type', a.type)
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .header(
          'content-security-policy',
          "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'",
        );
      return a.body;
    });
  }
}
