/** Schemas of the account routes: registration (address grants), balances and coins. */
import { Type } from '@sinclair/typebox';
import { AddressText, Hash32, ProtoJson, U64 } from './common.js';

export const RegisterBody = Type.Object(
  {
    certificate: ProtoJson('AuthorityCertificate'),
    /** Wallet addresses to grant to the certified EV (bech32m or hex), at most 64. */
    addresses: Type.Array(AddressText, { minItems: 1, maxItems: 64 }),
  },
  { additionalProperties: false },
);

export const RegisterResponse = Type.Object({
  /** The AddressGrant tx this node signed and accepted; absent when every address was granted before. */
  grantTxId: Type.Optional(Hash32),
  status: Type.Union([Type.Literal('accepted'), Type.Literal('already-granted')]),
  addresses: Type.Array(Type.String()),
});

export const AddressParams = Type.Object({ address: AddressText });

export const GrantResponse = Type.Object({ address: Type.String(), granted: Type.Boolean() });

export const BalanceResponse = Type.Object({
  address: Type.String(),
  /** µ in free coins (escrow_window 0). */
  free: U64,
  /** µ locked in buy-order escrows. */
  escrow: U64,
  /** Wh received on settlement and grid-trade outputs still unspent. */
  energyWh: U64,
  coins: Type.Integer(),
  height: U64,
});

export const Utxo = Type.Object({ txId: Hash32, index: Type.Integer(), output: ProtoJson('TxOutput') });

export const UtxosResponse = Type.Object({ address: Type.String(), height: U64, utxos: Type.Array(Utxo) });
