/**
 * Canonical codecs for every schema message: `codecs.BlockHeader.encode(v)` and
 * `codecs.BlockHeader.decode(bytes, opts?)`. decode checks, in this order: input type, size limit,
 * wire structure (known fields, wire types, lengths, counts; wire-scan.ts), protobufjs decoding,
 * enum values, and finally canonical form: re-encoding the decoded value must give the input bytes
 * exactly, else DECODE_NON_CANONICAL. Every failure is a LeagError with a DECODE_ code.
 */
import { isLeagError, LeagError } from '../errors.js';
import type { Block, MessageName, MessageTypes, SignedTx } from '../gen/types.gen.js';
import { MESSAGE_NAMES } from '../gen/types.gen.js';
import { messageToWire } from './convert.js';
import { type MessageDesc, messageDesc } from './descriptors.js';
import { defaultMessage, messageFromWire } from './from-wire.js';
import { type DecodeOptions, maxBytesOf } from './limits.js';
import {
  knownEncoding,
  rememberEncoding,
  sealDecodedBlockTxs,
  sealDecodedSignedTx,
  sealedTxOfEncoding,
  sealNestedTxs,
} from './tx-memo.js';
import { scanMessage } from './wire-scan.js';

export interface Codec<T> {
  readonly name: string;
  /** Canonical encoding. Throws ENCODE_ errors for values that do not fit the schema. */
  encode(value: T): Uint8Array;
  /** Strict decoding (see the module comment). */
  decode(bytes: Uint8Array, opts?: DecodeOptions): T;
  /** The all-default value (what empty bytes decode to). */
  empty(): T;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
}

function encodeWith(desc: MessageDesc, value: unknown): Uint8Array {
  if (desc.name === 'Tx' && typeof value === 'object' && value !== null) {
    const known = knownEncoding(value);
    if (known !== undefined) return known;
    const bytes = encodeFresh(desc, value);
    rememberEncoding(value, bytes); // only if the Tx is sealed (tx-memo.ts)
    return bytes;
  }
  return encodeFresh(desc, value);
}

function encodeFresh(desc: MessageDesc, value: unknown): Uint8Array {
  const wire = messageToWire(desc, value, desc.name);
  // A copy with its own exact ArrayBuffer: protobufjs writes small messages into Node's shared
  // Buffer pool, and `bytes.buffer` must never expose other data.
  return new Uint8Array(desc.type.encode(wire).finish());
}

function decodeWith(desc: MessageDesc, bytes: Uint8Array, opts?: DecodeOptions): unknown {
  if (!(bytes instanceof Uint8Array)) {
    throw new LeagError('DECODE_TYPE', `${desc.name}: expected a Uint8Array to decode, got ${typeof bytes}`);
  }
  if (opts?.trustedEncoding === true && desc.name === 'Tx') {
    const sealed = sealedTxOfEncoding(bytes);
    if (sealed !== undefined) return sealed;
  }
  const max = maxBytesOf(desc.name, opts);
  if (bytes.length > max) {
    throw new LeagError('DECODE_TOO_LARGE', `${desc.name}: ${bytes.length} bytes, at most ${max} allowed`, {
      type: desc.name,
      size: bytes.length,
      max,
    });
  }
  scanMessage(desc, bytes, 0, bytes.length, desc.name, opts);
  let value: unknown;
  try {
    const msg = desc.type.decode(bytes);
    value = messageFromWire(desc, msg as unknown as Record<string, unknown>, desc.name);
  } catch (e) {
    if (isLeagError(e)) throw e;
    throw new LeagError('DECODE_MALFORMED', `${desc.name}: malformed input (${(e as Error).message})`, undefined, {
      cause: e,
    });
  }
  if (opts?.trustedEncoding === true) return value;
  let again: Uint8Array;
  try {
    again = encodeFresh(desc, value);
  } catch (e) {
    throw new LeagError('DECODE_NON_CANONICAL', `${desc.name}: decoded value does not re-encode`, undefined, {
      cause: e,
    });
  }
  if (!bytesEqual(again, bytes)) {
    throw new LeagError(
      'DECODE_NON_CANONICAL',
      `${desc.name}: input is not the canonical encoding (field order, defaults, varints or UTF-8 differ)`,
      { type: desc.name, size: bytes.length, canonicalSize: again.length },
    );
  }
  if (desc.name === 'SignedTx') sealDecodedSignedTx(value as SignedTx, bytes);
  else if (desc.name === 'Block') sealDecodedBlockTxs((value as Block).txs, bytes);
  else sealNestedTxs(desc, value);
  return value;
}

function makeCodec<N extends MessageName>(name: N): Codec<MessageTypes[N]> {
  const desc = messageDesc(name);
  return {
    name,
    encode: (value) => encodeWith(desc, value),
    decode: (bytes, opts) => decodeWith(desc, bytes, opts) as MessageTypes[N],
    empty: () => defaultMessage(desc) as unknown as MessageTypes[N],
  };
}

export type Codecs = { readonly [N in MessageName]: Codec<MessageTypes[N]> };

/** One codec per message type of the schema. */
export const codecs: Codecs = Object.fromEntries(MESSAGE_NAMES.map((n) => [n, makeCodec(n)])) as unknown as Codecs;

/** Encodes a value of the named type. */
export function encode<N extends MessageName>(name: N, value: MessageTypes[N]): Uint8Array {
  return codecs[name].encode(value);
}

/** Decodes bytes as the named type (strict and canonical). */
export function decode<N extends MessageName>(name: N, bytes: Uint8Array, opts?: DecodeOptions): MessageTypes[N] {
  return codecs[name].decode(bytes, opts);
}
