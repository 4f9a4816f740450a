/** init, register, addresses, deposit, balance, history, status. */
import { readFile } from 'node:fs/promises';
import { LeagError, toHex } from '@leag/core';
import type { Command } from 'commander';
import { DEFAULT_SCRYPT_N } from '../../keystore/crypto.js';
import { Wallet } from '../../keystore/wallet.js';
import { balances, deposit, refreshGrants, requestAddresses } from '../../ops/account.js';
import { history } from '../../ops/results.js';
import { type Ctx, keystorePath, passphrase } from '../context.js';
import { table } from '../output.js';

type Run = (ctx: Ctx, opts: Record<string, unknown>, cmd: Command) => Promise<void>;
export type Register = (cmd: Command, run: Run) => Command;

const count = (v: unknown, name: string, max = 64): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new LeagError('CLI_BAD_OPTION', `${name} must be a whole number in 1..${max}, got ${String(v)}`);
  return n;
};

export function walletCommands(program: Command, on: Register): void {
  on(
    program
      .command('init')
      .description('create an identity key and an encrypted keystore')
      .option('--name <name>', 'a label for this EV', 'ev')
      .option('--force', 'overwrite an existing keystore')
      .option('--scrypt-n <n>', `scrypt cost, a power of two (default ${DEFAULT_SCRYPT_N})`),
    async (ctx, o) => {
      const path = keystorePath(ctx.g);
      const w = await Wallet.create(path, await passphrase(ctx.g), {
        name: String(o.name),
        force: o.force === true,
        ...(o.scryptN === undefined ? {} : { scryptN: Number(o.scryptN) }),
      });
      const pub = toHex(w.identityPubkey);
      ctx.out.result({ keystore: path, identity: pub, name: w.data.name }, () =>
        [
          `keystore   ${path}`,
          `identity   ${pub}`,
          '',
          'Next: get an authority certificate for this identity (on a testnet:',
          `  leagd authority issue-cert --pubkey ${pub} --name ${w.data.name} > cert.json)`,
          'then: leag-ev register --cert cert.json',
        ].join('\n'),
      );
    },
  );

  on(
    program
      .command('register')
      .description('register with an authority certificate and get wallet addresses granted')
      .requiredOption('--cert <file>', 'the authority certificate (JSON, core form)')
      .option('--addresses <n>', 'how many wallet addresses to ask for', '4')
      .option('--no-wait', 'do not wait until the grant is committed'),
    async (ctx, o) => {
      const n = count(o.addresses, '--addresses');
      let cert: unknown;
      try {
        cert = JSON.parse(await readFile(String(o.cert), 'utf8'));
      } catch (e) {
        throw new LeagError(
          'EV_BAD_CERTIFICATE',
          `cannot read the certificate ${String(o.cert)}: ${(e as Error).message}`,
        );
      }
      const cobj = cert as Record<string, unknown>;
      if (cobj !== null && typeof cobj === 'object' && 'certificate' in cobj) cert = cobj.certificate;
      const w = await ctx.wallet();
      const r = await requestAddresses(ctx.client(), w, n, { certificate: cert, wait: o.wait !== false });
      if (o.wait !== false && !r.granted)
        throw new LeagError(
          'EV_TIMEOUT',
          'the grant was accepted but not committed within 60 s; check with "leag-ev addresses"',
        );
      ctx.out.result(r, () =>
        [
          `registered: ${r.addresses.length} addresses ${r.granted ? 'granted on chain' : 'requested'}`,
          ...r.addresses,
        ].join('\n'),
      );
    },
  );

  on(
    program
      .command('addresses')
      .description('list wallet addresses; --new N asks the LEAG to grant N fresh ones')
      .option('--new <n>', 'grant this many new addresses (a fresh key each)')
      .option('--no-wait', 'do not wait until the grant is committed'),
    async (ctx, o) => {
      const w = await ctx.wallet();
      const client = ctx.client();
      if (o.new !== undefined) {
        const r = await requestAddresses(client, w, count(o.new, '--new'), { wait: o.wait !== false });
        if (o.wait !== false && !r.granted)
          throw new LeagError('EV_TIMEOUT', 'the grant was not committed within 60 s');
      } else await refreshGrants(client, w);
      const rows = w.data.addresses.map((a) => ({ address: a.address, granted: a.granted, used: a.used }));
      ctx.out.result({ addresses: rows, fresh: rows.filter((r) => r.granted && !r.used).length }, () =>
        table(
          ['address', 'granted', 'used'],
          rows.map((r) => [r.address, r.granted ? 'yes' : 'no', r.used ? 'yes' : 'no']),
        ),
      );
    },
  );

  on(
    program
      .command('deposit')
      .description('get test coins from the testnet faucet')
      .option('--amount <amount>', 'amount in currency units (default: the faucet default)')
      .option('--address <address>', 'which wallet address receives it (default: the first)'),
    async (ctx, o) => {
      const w = await ctx.wallet();
      const r = await deposit(ctx.client(), w, {
        ...(o.amount === undefined ? {} : { amount: String(o.amount) }),
        ...(o.address === undefined ? {} : { address: String(o.address) }),
      });
      ctx.out.result(r, () => `deposit of ${r.amount} to ${r.address} accepted (tx ${r.txId})`);
    },
  );

  on(program.command('balance').description('free money, escrow and energy of every wallet address'), async (ctx) => {
    const w = await ctx.wallet();
    const b = await balances(ctx.client(), w);
    ctx.out.result(b, () =>
      [
        `free ${b.free}   escrow ${b.escrow}   energy ${b.energyKWh} kWh   (height ${b.height})`,
        '',
        table(
          ['address', 'free', 'escrow', 'kWh'],
          b.addresses.map((a) => [a.address, a.free, a.escrow, a.energyKWh]),
        ),
      ].join('\n'),
    );
  });

  on(program.command('history').description("this wallet's orders, trades, deposits and grants"), async (ctx) => {
    const w = await ctx.wallet();
    const h = await history(ctx.client(), w);
    ctx.out.result({ history: h }, () =>
      table(
        ['kind', 'id', 'window', 'status', 'details'],
        h.map((x) => [
          x.kind,
          x.id.slice(0, 16),
          x.window,
          x.status,
          Object.entries(x.summary)
            .map(([k, v]) => `${k}=${v}`)
            .join(' '),
        ]),
      ),
    );
  });

  on(program.command('status').description('the node: chain, height, window'), async (ctx) => {
    const s = await ctx.client().status();
    ctx.out.result({ node: ctx.client().node, ...s }, () =>
      [
        `node ${ctx.client().node}  chain ${s.chainId}  height ${s.height}`,
        `window ${s.window.current} ends ${new Date(Number(s.window.endMs)).toISOString()}  peers ${s.peers}`,
      ].join('\n'),
    );
  });
}
