/**
 * Registration and addresses: the EV shows its authority certificate to a LEAG, which grants fresh
 * wallet addresses on chain (only the addresses and the certificate's hash go on chain). Deposits
 * come from the testnet faucet. Balances sum the node's view of every wallet address.
 */
import {
  type AuthorityCertificate,
  bytesEqual,
  formatKWh,
  formatMoney,
  fromJson,
  LeagError,
  parseMoney,
  toHex,
  toJson,
} from '@leag/core';
import type { LeagClient } from '../client/leag-client.js';
import type { Wallet } from '../keystore/wallet.js';

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** Parses and checks a certificate (core JSON form) against this wallet's identity. */
export function checkCertificate(wallet: Wallet, json: unknown): AuthorityCertificate {
  let cert: AuthorityCertificate;
  try {
    cert = fromJson('AuthorityCertificate', json);
  } catch (e) {
    throw new LeagError(
      'EV_BAD_CERTIFICATE',
      `the certificate is not a valid AuthorityCertificate: ${(e as Error).message}`,
    );
  }
  if (!bytesEqual(cert.evPubkey, wallet.identityPubkey))
    throw new LeagError(
      'EV_BAD_CERTIFICATE',
      `the certificate is for public key ${toHex(cert.evPubkey)}, this wallet's identity is ${toHex(wallet.identityPubkey)}`,
    );
  if (cert.expiresAt <= BigInt(Date.now()))
    throw new LeagError(
      'EV_BAD_CERTIFICATE',
      `the certificate expired at ${new Date(Number(cert.expiresAt)).toISOString()}`,
    );
  return cert;
}

export interface GrantResult {
  addresses: string[];
  grantTxId?: string;
  status: string;
  granted: boolean;
}

/** Asks the node to grant `count` new addresses (registering the EV with its certificate). */
export async function requestAddresses(
  client: LeagClient,
  wallet: Wallet,
  count: number,
  o: { certificate?: unknown; wait?: boolean; timeoutMs?: number } = {},
): Promise<GrantResult> {
  if (o.certificate !== undefined) {
    const cert = checkCertificate(wallet, o.certificate);
    wallet.data.certificate = toJson('AuthorityCertificate', cert) as Record<string, unknown>;
  }
  if (wallet.data.certificate === null)
    throw new LeagError(
      'EV_NOT_REGISTERED',
      'this wallet has no certificate yet: run "leag-ev register --cert FILE" first',
    );
  const fresh = wallet.newAddresses(count);
  const res = await client.register(
    wallet.data.certificate,
    fresh.map((a) => a.address),
  );
  wallet.recordOrder({
    id: res.grantTxId ?? '',
    kind: 'grant',
    window: '',
    address: fresh[0]?.address ?? '',
    submittedAtMs: Date.now(),
    summary: { addresses: String(fresh.length) },
  });
  await wallet.save();
  const addresses = fresh.map((a) => a.address);
  const granted = o.wait === false ? false : await waitGranted(client, wallet, addresses, o.timeoutMs ?? 60_000);
  return {
    addresses,
    status: res.status,
    granted,
    ...(res.grantTxId === undefined ? {} : { grantTxId: res.grantTxId }),
  };
}

/** Polls the node until every address is granted on chain; marks them in the wallet. */
export async function waitGranted(
  client: LeagClient,
  wallet: Wallet,
  addresses: string[],
  timeoutMs: number,
): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  let left = [...addresses];
  while (left.length > 0) {
    const st = await Promise.all(left.map((a) => client.grant(a)));
    const done = st.filter((g) => g.granted).map((g) => g.address);
    wallet.markGranted(done);
    left = left.filter((a) => !done.includes(a));
    if (left.length === 0) break;
    if (Date.now() > end) {
      await wallet.save();
      return false;
    }
    await sleep(300);
  }
  await wallet.save();
  return true;
}

/** Refreshes the grant state of addresses not known to be granted yet. */
export async function refreshGrants(client: LeagClient, wallet: Wallet): Promise<void> {
  const open = wallet.data.addresses.filter((a) => !a.granted).map((a) => a.address);
  if (open.length > 0) await waitGranted(client, wallet, open, 0);
}

export async function deposit(
  client: LeagClient,
  wallet: Wallet,
  o: { amount?: string; address?: string } = {},
): Promise<{ txId: string; amount: string; address: string }> {
  const amount = o.amount === undefined ? undefined : parseMoneyArg(o.amount);
  const address = o.address ?? wallet.data.addresses[0]?.address;
  if (address === undefined)
    throw new LeagError('EV_NOT_REGISTERED', 'this wallet has no address yet: run "leag-ev register" first');
  wallet.entry(address);
  const res = await client.faucet(address, amount);
  wallet.recordOrder({
    id: res.txId,
    kind: 'deposit',
    window: '',
    address,
    submittedAtMs: Date.now(),
    summary: { amount: formatMoney(BigInt(res.amount)) },
  });
  await wallet.save();
  return { txId: res.txId, amount: formatMoney(BigInt(res.amount)), address };
}

function parseMoneyArg(text: string): bigint {
  try {
    const v = parseMoney(text, { field: 'amount' });
    if (v <= 0n) throw new LeagError('EV_INVALID_AMOUNT', `amount must be more than 0, got ${text}`);
    return v;
  } catch (e) {
    if (e instanceof LeagError && e.code === 'EV_INVALID_AMOUNT') throw e;
    throw new LeagError('EV_INVALID_AMOUNT', `amount: ${(e as Error).message}`, { field: 'amount' });
  }
}

export interface BalanceReport {
  free: string;
  escrow: string;
  energyKWh: string;
  height: string;
  addresses: { address: string; granted: boolean; used: boolean; free: string; escrow: string; energyKWh: string }[];
}

export async function balances(client: LeagClient, wallet: Wallet): Promise<BalanceReport> {
  const all = await Promise.all(wallet.data.addresses.map((a) => client.balance(a.address)));
  let free = 0n;
  let escrow = 0n;
  let energy = 0n;
  let height = 0n;
  const rows = all.map((b, i) => {
    free += BigInt(b.free);
    escrow += BigInt(b.escrow);
    energy += BigInt(b.energyWh);
    if (BigInt(b.height) > height) height = BigInt(b.height);
    const a = wallet.data.addresses[i] as (typeof wallet.data.addresses)[number];
    return {
      address: a.address,
      granted: a.granted,
      used: a.used,
      free: formatMoney(BigInt(b.free)),
      escrow: formatMoney(BigInt(b.escrow)),
      energyKWh: formatKWh(BigInt(b.energyWh)),
    };
  });
  return {
    free: formatMoney(free),
    escrow: formatMoney(escrow),
    energyKWh: formatKWh(energy),
    height: height.toString(),
    addresses: rows,
  };
}
