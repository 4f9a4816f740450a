/** `leag-sim clear --input market.json [--json]` (design/babg.md §9). */
import { LeagError } from '@leag/core';
import type { Command } from 'commander';
import { clearMarket } from '../clear-market.js';
import { settlementHash } from '../hash.js';
import { formatTable, toJsonReport } from './format.js';
import { readJsonFile } from './io.js';

export function registerClear(program: Command): void {
  program
    .command('clear')
    .description('clear one matching window: admission, SWM2 allocation, pair auctions, settlement')
    .requiredOption('-i, --input <file>', 'market file (JSON: params, buyers, sellers; kWh and per-kWh prices)')
    .option('--json', 'print the exact result as JSON instead of a table')
    .option('-w, --window <n>', 'window number written into the settlement', '0')
    .action((opts: { input: string; json?: boolean; window: string }) => {
      const market = readJsonFile(opts.input);
      if (!/^\d{1,19}$/.test(opts.window)) {
        throw new LeagError('CLI_INPUT', `--window must be a whole number, got "${opts.window}"`);
      }
      const result = clearMarket(market, BigInt(opts.window));
      const hash = settlementHash(result.settlement);
      process.stdout.write(
        opts.json ? `${JSON.stringify(toJsonReport(result, hash), null, 2)}\n` : formatTable(result, hash),
      );
    });
}
