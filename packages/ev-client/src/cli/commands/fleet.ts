/** leag-ev fleet --evs N --windows W [--rate R]: the fleet simulator and load generator. */
import { readFile } from 'node:fs/promises';
import { fromHex, isValidSecretKey, LeagError } from '@leag/core';
import type { Command } from 'commander';
import { runFleet } from '../../fleet/fleet.js';
import { nodesOf } from '../context.js';
import type { Register } from './wallet.js';

export const AUTHORITY_KEY_ENV = 'LEAG_AUTHORITY_KEY';

/** A secret key from hex text, or a JSON file with one of sk / secretKey / privateKey (hex). */
export function parseSecretKeyText(text: string, from: string): Uint8Array {
  let hex = text.trim();
  if (hex.startsWith('{')) {
    try {
      const o = JSON.parse(hex) as Record<string, unknown>;
      hex = String(o.sk ?? o.secretKey ?? o.privateKey ?? o.authoritySk ?? '');
    } catch {
      hex = '';
    }
  }
  let sk: Uint8Array;
  try {
    sk = fromHex(hex.replace(/^0x/, ''), 32);
  } catch {
    throw new LeagError('CLI_BAD_OPTION', `${from} must hold a 32-byte secret key as hex`);
  }
  if (!isValidSecretKey(sk)) throw new LeagError('CLI_BAD_OPTION', `${from} is not a valid secp256k1 secret key`);
  return sk;
}

export function fleetCommand(program: Command, on: Register): void {
  on(
    program
      .command('fleet')
      .description('simulate a fleet of EVs trading with the paper Table II distributions')
      .requiredOption('--evs <n>', 'number of EVs (35:40 buyers to sellers)')
      .requiredOption('--windows <w>', 'rounds to trade, one per matching window')
      .option('--rate <r>', 'at most this many orders per second')
      .option('--seed <s>', 'seed of the order generator', '1')
      .option('--authority-key-file <file>', `testnet authority secret key (hex or JSON); or env ${AUTHORITY_KEY_ENV}`)
      .option('--fund <amount>', 'deposit per buying EV, in currency units (default 20 per window + 20, at most 1000)')
      .option('--concurrency <n>', 'parallel requests', '16'),
    async (ctx, o) => {
      const keyText =
        o.authorityKeyFile !== undefined
          ? await readFile(String(o.authorityKeyFile), 'utf8').catch(() => {
              throw new LeagError('CLI_BAD_OPTION', `cannot read ${String(o.authorityKeyFile)}`);
            })
          : process.env[AUTHORITY_KEY_ENV];
      if (keyText === undefined)
        throw new LeagError(
          'CLI_BAD_OPTION',
          `the fleet issues its EVs' certificates: pass --authority-key-file or set ${AUTHORITY_KEY_ENV}`,
        );
      const authoritySk = parseSecretKeyText(
        keyText,
        o.authorityKeyFile === undefined ? AUTHORITY_KEY_ENV : String(o.authorityKeyFile),
      );
      const num = (v: unknown, name: string) => {
        const n = Number(v);
        if (!Number.isFinite(n)) throw new LeagError('CLI_BAD_OPTION', `${name} must be a number, got ${String(v)}`);
        return n;
      };
      const ac = new AbortController();
      process.once('SIGINT', () => ac.abort());
      let last = '';
      let lastStep = '';
      const r = await runFleet({
        nodes: nodesOf(ctx.g),
        evs: num(o.evs, '--evs'),
        windows: num(o.windows, '--windows'),
        ...(o.rate === undefined ? {} : { rate: num(o.rate, '--rate') }),
        seed: num(o.seed, '--seed'),
        ...(o.fund === undefined ? {} : { fundPerBuyer: String(o.fund) }),
        concurrency: num(o.concurrency, '--concurrency'),
        authoritySk,
        signal: ac.signal,
        onProgress: (p) => {
          const line = `${p.phase} ready=${p.evsReady} round=${p.round} window=${p.window} sent=${p.sent} ack=${p.acknowledged} rejected=${p.rejected} committed=${p.committed} settled=${p.settled}`;
          if (line !== last && process.stderr.isTTY) process.stderr.write(`\r${line}  `);
          last = line;
          // Without a terminal (logs), one line per phase or round.
          const step = `${p.phase}/${p.round}`;
          if (!process.stderr.isTTY && step !== lastStep) process.stderr.write(`fleet: ${line}\n`);
          lastStep = step;
        },
      });
      if (process.stderr.isTTY) process.stderr.write('\n');
      ctx.out.result(r, () =>
        [
          `fleet: ${r.evs} EVs (${r.buyers} buying, ${r.sellers} selling), ${r.rounds} windows (${r.windows.join(', ')})`,
          `orders sent ${r.sent}, acknowledged ${r.acknowledged}, committed ${r.committed}, settled ${r.settled}, rejected ${r.rejected}, LOST ${r.lost}`,
          `ack latency p50 ${r.ackLatencyMs.p50} ms, p95 ${r.ackLatencyMs.p95} ms; ${r.ordersPerSecond} orders/s`,
          ...(Object.keys(r.errors).length > 0 ? [`errors: ${JSON.stringify(r.errors)}`] : []),
        ].join('\n'),
      );
      if (r.lost > 0) process.exitCode = 5;
    },
  );
}
