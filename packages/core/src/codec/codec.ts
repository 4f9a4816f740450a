/**
 * Canonical codecs for every schema message: `codecs.BlockHeader.encode(v)` and
 * `codecs.BlockHeader.decode(bytes, opts?)`. decode checks, in this order: input type, size limit,
 * wire structure (known fields, wire types, lengths, counts; wire-scan.ts), decoding (wire-decode.ts,
 * as protobufjs would), enum values, and finally canonical form: re-encoding the decoded value must give the input bytes
 * exactly, else DECODE_NON_CANONICAL (skipped when the scan has proved the form canonical already:
 * wire-scan.ts). Every failure is a LeagError with a DECODE_ code.
 */
import { bytesEqual } from '../bytes.js';
import { isLeagError, LeagError } from '../errors.js';
import type { Block, MessageName, MessageTypes, SignedTx, Tx } from '../gen/types.gen.js';
import { MESSAGE_NAMES } from '../gen/types.gen.js';
import { messageToWire } from './convert.js';
import { defaultMessage } from './defaults.js';
import { type FieldDesc, type MessageDesc, messageDesc } from './descriptors.js';
import { type DecodeOptions, maxBytesOf } from './limits.js';
import {
  containsTx,
  knownEncoding,
  rememberEncoding,
  reusableSignedTx,
  sealDecodedBlockTxs,
  sealDecodedSignedTx,
  sealedTxOfEncoding,
  sealNestedTxs,
  sealTrustedTx,
} from './tx-memo.js';
import { encodeTxOutputFast } from './tx-output-fast.js';
import { decodeScanned } from './wire-decode.js';
import { type Canonical, scanMessage } from './wire-scan.js';

export interface Codec<T> {
  readonly name: string;
  /** Canonical encoding. Throws ENCODE_ errors for values that do not fit the schema. */
  encode(value: T): Uint8Array;
  /** Strict decoding (see the module comment). */
  decode(bytes: Uint8Array, opts?: DecodeOptions): T;
  /** The all-default value (what empty bytes decode to). */
  empty(): T;
}

function encodeWith(desc: MessageDesc, value: unknown): Uint8Array {
  if (desc.name === 'TxOutput') {
    const fast = encodeTxOutputFast(value);
    if (fast !== undefined) return fast;
  }
  if ((desc.name === 'Tx' || desc.name === 'SignedTx') && typeof value === 'object' && value !== null) {
    const known = knownEncoding(desc.name, value);
    if (known !== undefined) return known;
    // a SignedTx splices its (sealed) Tx's bytes; a Tx is encoded whole
    const bytes = desc.name === 'Tx' ? encodeFresh(desc, value) : encodeSpliced(desc, value);
    rememberEncoding(desc.name, value, bytes); // only if the value is sealed (tx-memo.ts)
    return bytes;
  }
  if (containsTx(desc)) return encodeSpliced(desc, value);
  return encodeFresh(desc, value);
}

/** A varint (field tags and lengths). */
function pushVarint(out: number[], n: number): void {
  while (n >= 128) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
}

const byIdOrder = new Map<string, readonly FieldDesc[]>();
const fieldsById = (desc: MessageDesc): readonly FieldDesc[] => {
  let f = byIdOrder.get(desc.name);
  if (f === undefined) {
    f = [...desc.fields].sort((x, y) => x.id - y.id);
    byIdOrder.set(desc.name, f);
  }
  return f;
};

/**
 * A message that can hold a Tx (SignedTx, Block, a consensus message, a WAL record, ...),
 * encoded field by field so that each Tx inside goes through encodeWith: a sealed Tx's bytes are
 * spliced in rather than encoded again (a block's tx root, its storage, its WAL record and its
 * proposal each encode every SignedTx of the block). A protobuf message is its fields' encodings
 * concatenated in field-number order, which is what protobufjs writes; each field is encoded
 * alone by encodeFresh with the same canonical rules (defaults and empty repeated fields left out,
 * an all-default non-optional sub-message left out: its encoding is empty). Any value that does
 * not fit the schema is handed to encodeFresh whole, so errors and their paths are the same.
 */
function encodeSpliced(desc: MessageDesc, value: unknown): Uint8Array {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return encodeFresh(desc, value);
  try {
    const v = value as Record<string, unknown>;
    for (const k in v) if (!desc.fieldNames.has(k) && v[k] !== undefined) return encodeFresh(desc, value);
    for (const members of desc.oneofs.values()) {
      if (members.filter((m) => v[m] !== undefined && v[m] !== null).length > 1) return encodeFresh(desc, value);
    }
    const parts: Uint8Array[] = [];
    let size = 0;
    const add = (b: Uint8Array) => {
      parts.push(b);
      size += b.length;
    };
    const addDelimited = (id: number, b: Uint8Array) => {
      const head: number[] = [];
      pushVarint(head, id * 8 + 2);
      pushVarint(head, b.length);
      add(Uint8Array.from(head));
      add(b);
    };
    for (const f of fieldsById(desc)) {
      const x = v[f.name];
      if (x === undefined || (x === null && !f.repeated)) continue;
      const sub = f.message;
      if (sub === undefined || (sub.name !== 'Tx' && !containsTx(sub))) {
        add(encodeFresh(desc, { [f.name]: x }));
      } else if (f.repeated) {
        if (!Array.isArray(x)) return encodeFresh(desc, value);
        for (const item of x) addDelimited(f.id, encodeWith(sub, item));
      } else {
        const b = encodeWith(sub, x);
        if (b.length > 0 || f.explicitPresence) addDelimited(f.id, b);
      }
    }
    const out = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  } catch {
    return encodeFresh(desc, value); // throws the error with the whole value's path
  }
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
  const canon: Canonical = { ok: true };
  scanMessage(desc, bytes, 0, bytes.length, desc.name, opts, canon);
  let value: unknown;
  try {
    const held = opts?.heldSignedTx;
    const reuse =
      held === undefined || opts?.trustedEncoding === true
        ? undefined
        : (enc: Uint8Array) => reusableSignedTx(held(enc), enc);
    value = decodeScanned(desc, bytes, desc.name, reuse);
  } catch (e) {
    if (isLeagError(e)) throw e;
    throw new LeagError('DECODE_MALFORMED', `${desc.name}: malformed input (${(e as Error).message})`, undefined, {
      cause: e,
    });
  }
  if (opts?.trustedEncoding === true) {
    if (desc.name === 'Tx') sealTrustedTx(value as Tx, bytes);
    return value;
  }
  if (!canon.ok) checkReencodes(desc, value, bytes);
  if (desc.name === 'SignedTx') sealDecodedSignedTx(value as SignedTx, bytes);
  else if (desc.name === 'Block') sealDecodedBlockTxs((value as Block).txs, bytes);
  else sealNestedTxs(desc, value, bytes);
  return value;
}

/** Canonical form the slow way: re-encoding the decoded value must give the input bytes exactly. */
function checkReencodes(desc: MessageDesc, value: unknown, bytes: Uint8Array): void {
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
