/**
 * `leagd start`: runs one node until SIGTERM/SIGINT, then stops gracefully within a few seconds
 * (exit 0); a second signal exits at once (exit 1).
 */
import { setFlagsFromString } from 'node:v8';
import { type LoadOptions, loadConfig, type NodeConfig } from '../config/config.js';
import { LeagNode } from '../node.js';
import { makeLogger } from './log.js';

/** Hard bound on a graceful stop, ms (its steps' bounds add up to less). */
export const HARD_STOP_MS = 10_000;

export interface StartFlags {
  config?: string;
  dataDir?: string;
  apiPort?: string;
  apiHost?: string;
  p2pListen?: string;
  logLevel?: string;
  logPretty?: boolean;
}

export async function startCommand(f: StartFlags): Promise<void> {
  const load: LoadOptions = {
    file: f.config,
    env: process.env,
    flags: {
      dataDir: f.dataDir,
      'api.port': f.apiPort,
      'api.host': f.apiHost,
      'p2p.listen': f.p2pListen,
      'log.level': f.logLevel,
      'log.pretty': f.logPretty,
    },
  };
  const cfg = loadConfig(load);
  applyRuntime(cfg.runtime);
  const log = makeLogger(cfg.log.level, cfg.log.pretty);
  const node = new LeagNode(cfg, {
    log,
    onFatal: () => {
      void node.stop().finally(() => process.exit(1));
    },
  });
  let signals = 0;
  const stop = (signal: string) => {
    if (++signals > 1) {
      log.warn({ signal }, 'second signal: exiting now, without finishing the stop');
      process.exit(1);
    }
    log.info({ signal }, 'stopping (a second SIGTERM or SIGINT exits at once)');
    // node.stop() bounds each of its steps (stop-steps.ts); this only guards against a bug there
    const force = setTimeout(() => {
      log.error({ afterMs: HARD_STOP_MS }, 'the stop did not finish; exiting');
      process.exit(1);
    }, HARD_STOP_MS);
    force.unref();
    node.stop().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (e) => {
        log.error({ err: e }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  await node.start();
}

/**
 * Process-wide runtime settings, before the node allocates anything: V8 reads the heap growing
 * factor each time it sets the next full-GC limit, so setting it at start applies to the whole run.
 */
export function applyRuntime(r: NodeConfig['runtime']): void {
  if (r.heapGrowingPercent > 0) setFlagsFromString(`--heap-growing-percent=${r.heapGrowingPercent}`);
}
