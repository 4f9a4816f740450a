/** Handlers of the account routes: EV registration (address grants), grants, balances, coins. */
import {
  type BalanceResponse,
  encodeAddress,
  fromJson,
  type GrantResponse,
  type RegisterResponse,
  toHex,
  toJson,
  type UtxosResponse,
} from '@leag/core';
import type { ApiContext } from './context.js';
import type { Req } from './handlers-chain.js';
import { parseAddressText } from './parse.js';

export const accountHandlers = {
  async register(c: ApiContext, r: Req): Promise<RegisterResponse> {
    const body = r.body as { certificate: unknown; addresses: string[] };
    const cert = fromJson('AuthorityCertificate', body.certificate);
    const addresses = body.addresses.map(parseAddressText);
    const { record, grant } = await c.accounts.register(cert, addresses, BigInt(c.clock()));
    const all = record.addresses.map((a) => encodeAddress(a));
    if (grant === null) return { status: 'already-granted', addresses: all };
    const res = await c.intake.submit(grant, 'api');
    return { status: 'accepted', grantTxId: toHex(res.id), addresses: all };
  },

  async getGrant(c: ApiContext, r: Req): Promise<GrantResponse> {
    const a = parseAddressText(r.params.address ?? '');
    return { address: encodeAddress(a), granted: c.ledger.view().isGranted(a) };
  },

  async getBalance(c: ApiContext, r: Req): Promise<BalanceResponse> {
    const a = parseAddressText(r.params.address ?? '');
    let free = 0n;
    let escrow = 0n;
    let energy = 0n;
    const coins = c.ledger.coinsOf(a);
    for (const { output } of coins) {
      if (output.escrowWindow === 0n) free += output.value;
      else escrow += output.value;
      energy += output.energyWh;
    }
    return {
      address: encodeAddress(a),
      free: free.toString(),
      escrow: escrow.toString(),
      energyWh: energy.toString(),
      coins: coins.length,
      height: c.ledger.head.height.toString(),
    };
  },

  async getUtxos(c: ApiContext, r: Req): Promise<UtxosResponse> {
    const a = parseAddressText(r.params.address ?? '');
    return {
      address: encodeAddress(a),
      height: c.ledger.head.height.toString(),
      utxos: c.ledger.coinsOf(a).map(({ prev, output }) => ({
        txId: toHex(prev.txId),
        index: prev.index,
        output: toJson('TxOutput', output),
      })),
    };
  },
};
