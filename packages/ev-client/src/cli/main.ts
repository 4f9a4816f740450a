/** leag-ev: the EV client CLI (see docs/ev-client.md). */
import { Command, CommanderError, Option } from 'commander';
import { fleetCommand } from './commands/fleet.js';
import { tradeCommands } from './commands/trade.js';
import { walletCommands } from './commands/wallet.js';
import { type Ctx, ENV, type GlobalOptions, makeCtx } from './context.js';
import { EXIT, printError } from './output.js';

const collect = (v: string, prev: string[]): string[] => [
  ...prev,
  ...v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

export function buildProgram(): Command {
  const program = new Command('leag-ev')
    .description('EV wallet and trading client for the LEAG network')
    .version('0.1.0', '-V, --version')
    .addOption(new Option('--keystore <file>', `keystore file (env ${ENV.KEYSTORE}; default ~/.leag-ev/keystore.json)`))
    .addOption(
      new Option(
        '--passphrase-file <file>',
        `file holding the passphrase (env ${ENV.PASSPHRASE} or ${ENV.PASSPHRASE_FILE})`,
      ),
    )
    .option('--node <url>', `LEAG node URL; repeat (or comma-separate) for fail-over (env ${ENV.NODES})`, collect, [])
    .option('--json', 'print one JSON object per result (for scripts)')
    .option('--timeout <ms>', 'per-request timeout in ms', '10000')
    .showHelpAfterError('(run leag-ev --help for usage)')
    .exitOverride()
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 internal error, 2 bad input, 3 keystore (missing, wrong passphrase, tampered),\n' +
        '4 no node reachable, 5 refused by the node, 6 verify mismatch, 7 wallet cannot (funds, addresses,\n' +
        'registration), 8 timed out.',
    );
  const on = (cmd: Command, run: (ctx: Ctx, opts: Record<string, unknown>, cmd: Command) => Promise<void>) =>
    cmd.exitOverride().action(async (...args: unknown[]) => {
      const self = args[args.length - 1] as Command;
      const g = self.optsWithGlobals() as GlobalOptions;
      await run(makeCtx(g), self.opts(), self);
    });
  walletCommands(program, on);
  tradeCommands(program, on);
  fleetCommand(program, on);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
        return EXIT.OK;
      if (json) process.stdout.write(`${JSON.stringify({ error: { code: 'CLI_USAGE', message: e.message } })}\n`);
      return EXIT.USAGE;
    }
    return printError(e, json);
  }
}

if (process.argv[1] !== undefined && /leag-ev(\.js)?$|cli[/\\]main\.ts$/.test(process.argv[1])) {
  // A closed pipe (leag-ev ... | head) ends the program quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
