/** `leag-sim generate --buyers N --sellers M --seed S [--out F]`: a market file from Table II. */
import { LeagError } from '@leag/core';
import type { Command } from 'commander';
import { generateMarket } from '../market/generate.js';
import { resolveParams } from '../params.js';
import { writeTextFile } from './io.js';

function whole(name: string, v: string, max: number): number {
  if (!/^\d+$/.test(v) || Number(v) > max) {
    throw new LeagError('CLI_INPUT', `--${name} must be a whole number in [0, ${max}], got "${v}"`, { field: name });
  }
  return Number(v);
}

function param(kv: string, acc: Record<string, number>): Record<string, number> {
  const m = /^([A-Za-z0-9]+)=(.+)$/.exec(kv);
  if (!m || !Number.isFinite(Number(m[2]))) {
    throw new LeagError('CLI_INPUT', `--param takes name=number (e.g. alpha=0.3), got "${kv}"`);
  }
  return { ...acc, [m[1]!]: Number(m[2]) };
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description("write a random market drawn from the paper's Table II settings (seeded, reproducible)")
    .requiredOption('-b, --buyers <n>', 'number of charging EVs (buy orders)')
    .requiredOption('-s, --sellers <m>', 'number of discharging EVs (sell orders)')
    .requiredOption('--seed <s>', 'PRNG seed, a whole number in [0, 4294967295]')
    .option('-p, --param <name=value>', 'a market parameter to write into the file (repeatable)', param, {})
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action((opts: { buyers: string; sellers: string; seed: string; param: Record<string, number>; out?: string }) => {
      resolveParams(opts.param); // reject unknown or out-of-range parameters before generating
      const market = generateMarket({
        buyers: whole('buyers', opts.buyers, 1_000_000),
        sellers: whole('sellers', opts.sellers, 1_000_000),
        seed: whole('seed', opts.seed, 0xffffffff),
        params: opts.param,
      });
      const text = `${JSON.stringify(market, null, 2)}\n`;
      if (opts.out) writeTextFile(opts.out, text);
      else process.stdout.write(text);
    });
}
