/** The leagd command line (commander): init, start, status, keys, authority. */
import '@leag/core/polyfills';
import { isLeagError } from '@leag/core';
import { Command } from 'commander';
import { ENV_KEYS } from '../config/config.js';
import { issueCertCommand } from './cmd-authority.js';
import { initCommand } from './cmd-init.js';
import { keysGenerate, keysShow } from './cmd-keys.js';
import { startCommand } from './cmd-start.js';
import { statusCommand } from './cmd-status.js';

const program = new Command();
program
  .name('leagd')
  .description('LEAG node daemon: a permissioned blockchain for V2V and V2G electricity trading (docs/node.md)')
  .version('0.1.0')
  .showHelpAfterError();

program
  .command('init')
  .description('write a local testnet: genesis, authority and grid keys, one key and config per node')
  .requiredOption('--testnet <n>', 'number of validators')
  .requiredOption('--dir <dir>', 'directory to create (must be new or empty)')
  .option('--base-port <port>', 'node i uses port base+2i (p2p) and base+2i+1 (API) on 127.0.0.1', '26650')
  .option('--window-ms <ms>', 'matching window length, ms', '10000')
  .option('--block-interval-ms <ms>', 'time between blocks when nothing waits (empty blocks), ms')
  .option('--busy-block-interval-ms <ms>', 'time between blocks while txs wait, ms (at most --block-interval-ms)')
  .option('--view-timeout-ms <ms>', 'base PBFT view timer, ms')
  .option('--chain-id <id>', 'chain id (default leag-testnet-<random>)')
  .option('--plain-pbft', 'plain PBFT quorums (genesis consensus.weighted = false) instead of credit-weighted ones')
  .option('--fault-tolerance <f>', 'tolerated byzantine validators f, n > 3f (default floor((n - 1) / 3))')
  .option(
    '--settlement-lag-ms <ms>',
    "how long after a window's end its settlement is due, below --window-ms (default half the window, at most 30000)",
  )
  .option('--faucet', 'enable the testnet faucet (nodes mint with the testnet authority key)', true)
  .option('--no-faucet', 'disable the faucet')
  .option('--json', 'print the layout as JSON')
  .action((o) => initCommand(o));

program
  .command('start')
  .description('run a node')
  .option('--config <file>', 'config file (JSON); env LEAG_* and flags override it')
  .option('--data-dir <dir>', 'data directory')
  .option('--api-host <host>', 'API listen host')
  .option('--api-port <port>', 'API listen port')
  .option('--p2p-listen <multiaddr>', 'p2p listen multiaddr')
  .option('--log-level <level>', 'trace|debug|info|warn|error')
  .option('--log-pretty', 'human-readable logs')
  .addHelpText(
    'after',
    `\nEnvironment variables:\n${Object.entries(ENV_KEYS)
      .map(([k, v]) => `  ${k.padEnd(24)} ${v}`)
      .join('\n')}`,
  )
  .action(async (o) => startCommand(o));

program
  .command('status')
  .description("print a running node's height, view, leader, credits and peers")
  .option('--api <url>', 'node API base URL, e.g. http://127.0.0.1:26651')
  .option('--config <file>', 'read the API address from this node config')
  .option('--json', 'print JSON')
  .action(async (o) => statusCommand(o));

const keys = program.command('keys').description('secp256k1 key files');
keys
  .command('generate')
  .description('write a new key file (mode 0600)')
  .requiredOption('--out <file>', 'where to write it')
  .option('--json', 'print JSON')
  .action((o) => keysGenerate(o));
keys
  .command('show')
  .description('print the public key, address and libp2p peer id of a key file')
  .requiredOption('--key <file>', 'key file')
  .option('--json', 'print JSON')
  .action((o) => keysShow(o));

const authority = program.command('authority').description('testnet authority tools');
authority
  .command('issue-cert')
  .description("sign an EV certificate with the authority key (input to leag-ev's register)")
  .requiredOption('--key <file>', 'authority key file (testnet: <dir>/authority.key)')
  .requiredOption('--genesis <file>', 'genesis file')
  .requiredOption('--pubkey <hex>', "the EV's 33-byte compressed public key, hex")
  .requiredOption('--name <name>', 'EV name')
  .option('--days <n>', 'validity in days', '365')
  .option('--out <file>', 'write the certificate JSON here (default stdout)')
  .action((o) => issueCertCommand(o));

try {
  await program.parseAsync(process.argv);
} catch (e) {
  const msg = isLeagError(e) ? `${e.code}: ${e.message}` : (e as Error).message;
  process.stderr.write(`leagd: ${msg}\n`);
  process.exit(1);
}
