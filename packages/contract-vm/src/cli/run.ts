/**
 * Runs a commander program and turns errors into messages and exit codes:
 *  2: the input is invalid (bad JSON, a bad order or parameter: the message names the order and
 *     field), or a usage error;
 *  1: anything else (e.g. a file that cannot be read or written).
 */

import { isLeagError } from '@leag/core';
import type { Command } from 'commander';

export const INPUT_CODES = /^(MARKET_|ORDER_|UNITS_|CLI_INPUT)/;

/** `program` must have been built with `.exitOverride()` before its subcommands were added. */
export async function runCli(program: Command, argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (e) {
    const ce = e as { code?: string; exitCode?: number };
    if (typeof ce.code === 'string' && ce.code.startsWith('commander.')) {
      // commander already printed help or the usage error
      process.exitCode = ce.exitCode === 0 ? 0 : 2;
      return;
    }
    if (isLeagError(e)) {
      process.stderr.write(`leag-sim: ${e.message}\n`);
      process.exitCode = INPUT_CODES.test(e.code) ? 2 : 1;
      return;
    }
    process.stderr.write(`leag-sim: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
