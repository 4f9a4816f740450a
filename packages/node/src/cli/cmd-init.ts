/** `leagd init --testnet N --dir D`: writes genesis, keys and one config per node. */
import { initTestnet } from '../config/testnet.js';

export interface InitFlags {
  testnet: string;
  dir: string;
  basePort: string;
  windowMs: string;
  faucet: boolean;
  chainId?: string;
  blockIntervalMs?: string;
  busyBlockIntervalMs?: string;
  viewTimeoutMs?: string;
  plainPbft?: boolean;
  faultTolerance?: string;
  settlementLagMs?: string;
  json?: boolean;
}

const int = (s: string | undefined): number | undefined => (s === undefined ? undefined : Number(s));

export function initCommand(f: InitFlags): void {
  const layout = initTestnet({
    validators: Number(f.testnet),
    dir: f.dir,
    basePort: Number(f.basePort),
    windowMs: Number(f.windowMs),
    faucet: f.faucet,
    ...(f.chainId === undefined ? {} : { chainId: f.chainId }),
    ...(f.blockIntervalMs === undefined ? {} : { blockIntervalMs: int(f.blockIntervalMs) as number }),
    ...(f.busyBlockIntervalMs === undefined ? {} : { busyBlockIntervalMs: int(f.busyBlockIntervalMs) as number }),
    ...(f.viewTimeoutMs === undefined ? {} : { viewTimeoutMs: int(f.viewTimeoutMs) as number }),
    ...(f.plainPbft === true ? { plainPbft: true } : {}),
    ...(f.faultTolerance === undefined ? {} : { faultTolerance: int(f.faultTolerance) as number }),
    ...(f.settlementLagMs === undefined ? {} : { settlementLagMs: int(f.settlementLagMs) as number }),
  });
  if (f.json) {
    process.stdout.write(`${JSON.stringify(layout, null, 2)}\n`);
    return;
  }
  process.stdout.write(`testnet of ${layout.nodes.length} validators written to ${f.dir}\n`);
  process.stdout.write(`genesis: ${layout.genesisFile}\nauthority key: ${layout.authorityKeyFile}\n`);
  for (const n of layout.nodes) {
    process.stdout.write(
      `  node${n.index}: leagd start --config ${n.configFile}   (p2p ${n.p2pPort}, api http://127.0.0.1:${n.apiPort})\n`,
    );
  }
}
