/**
 * Building blocks of the HTTP API schemas (TypeBox: one definition gives the JSON Schema the
 * server validates with and the TypeScript type both sides use). Protobuf types travel in core's
 * JSON form (toJson/fromJson: uint64 as decimal strings, bytes as lowercase hex, enums by name);
 * their schemas here are loose objects because fromJson is the strict check.
 */
import { type TRecord, type TSchema, type TString, type TUnknown, Type } from '@sinclair/typebox';
import type { MessageName } from '../gen/types.gen.js';

/** uint64 as a decimal string. */
export const U64 = Type.String({ pattern: '^(0|[1-9][0-9]{0,19})$', description: 'uint64 as a decimal string' });

/** Lowercase hex; with `bytes`, of exactly that many bytes. */
export const Hex = (bytes?: number): ReturnType<typeof Type.String> =>
  Type.String({
    pattern: bytes === undefined ? '^([0-9a-f]{2})*$' : `^[0-9a-f]{${bytes * 2}}$`,
    description: bytes === undefined ? 'lowercase hex' : `${bytes} bytes as lowercase hex`,
  });

/** A 32-byte hash or tx id in hex. */
export const Hash32 = Hex(32);

/** A wallet address: bech32m ("leag1...") in answers; bech32m or 40 hex digits accepted in requests. */
export const AddressText = Type.String({
  minLength: 40,
  maxLength: 90,
  description: 'wallet address: bech32m leag1... (or 40 hex digits in requests)',
});

/** A protobuf message in core's JSON form; the server checks it strictly with fromJson(name, ...). */
export function ProtoJson<N extends MessageName>(name: N): TRecord<TString, TUnknown> {
  return Type.Record(Type.String(), Type.Unknown(), {
    description: `a ${name} in core's JSON form (toJson/fromJson)`,
  });
}

/** The body of every error answer (4xx and 5xx): a LeagError's code, message and details. */
export const ApiError = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'stable UPPER_SNAKE code, e.g. API_BAD_REQUEST, TX_BAD_SIGNATURE' }),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: 'ApiError' },
);

export type Schema = TSchema;
