/** `leagd start`: runs one node until SIGTERM/SIGINT, then stops gracefully. */
import { type LoadOptions, loadConfig } from '../config/config.js';
import { LeagNode } from '../node.js';
import { makeLogger } from './log.js';

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
  const log = makeLogger(cfg.log.level, cfg.log.pretty);
  const node = new LeagNode(cfg, {
    log,
    onFatal: () => {
      void node.stop().finally(() => process.exit(1));
    },
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    const force = setTimeout(() => process.exit(1), 15_000);
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
