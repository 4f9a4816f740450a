/**
 * Wire bytes → TypeScript values in one pass, for bytes the pre-scan (wire-scan.ts) has accepted:
 * every tag names a known field with its wire type, varints end within 10 bytes, lengths fit and
 * strings are valid UTF-8. It gives exactly what protobufjs decoding followed by the old conversion
 * gave (test/support/protobufjs-decode.ts; test/wire-decode.test.ts compares them on encoder output
 * and on mutated bytes), without building protobufjs's objects, Longs and Buffer views first: a
 * node decodes every order at least twice, and those objects were its largest single allocator.
 * Reading follows protobufjs where the input is not canonical, so that such input reaches the
 * same canonical-form check and error: a non-repeated field that occurs again keeps the last
 * scalar and merges sub-messages; the last member of a oneof read wins; uint32 and enums read the
 * low 32 bits of the varint (enums as int32), uint64 the low 64 bits; a bool is true when any bit
 * is set.
 */
import { LeagError } from '../errors.js';
import { defaultOf } from './defaults.js';
import type { FieldDesc, MessageDesc } from './descriptors.js';
import { readVarint } from './wire-scan.js';

type Obj = Record<string, unknown>;

const U64_MASK = (1n << 64n) - 1n;

/** A cursor over the bytes; one per decode. */
interface Reader {
  buf: Uint8Array;
  pos: number;
  /** A held object for a SignedTx's encoding, used as it is (codec.ts checks it: DecodeOptions.heldSignedTx). */
  reuse?: ((encoding: Uint8Array) => object | undefined) | undefined;
}

/** A sub-message not built but taken as it is (a held SignedTx). */
class Reused {
  constructor(readonly value: object) {}
}

/** A varint's low 32 bits, unsigned (what protobufjs's uint32() returns for up to 10 bytes). */
function readLow32(r: Reader): number {
  const b = r.buf;
  let value = 0;
  let shift = 0;
  for (let i = 0; i < 10; i++) {
    const c = b[r.pos++] as number;
    if (shift < 32) value = (value | ((c & 0x7f) << shift)) >>> 0;
    shift += 7;
    if (c < 128) return value;
  }
  return value; // unreachable after the scan (varints end within 10 bytes)
}

/**
 * A varint as an exact non-negative number when below 2^53 (lengths, tags), else approximate: the
 * scan's reader, which cannot fail here (the scan accepted these bytes).
 */
const readNumber = (r: Reader): number => readVarint(r.buf, r, r.buf.length, 'decode');

/** A varint's low 64 bits as a bigint (protobufjs's unsigned Long). */
function readU64(r: Reader): bigint {
  const start = r.pos;
  const n = readNumber(r);
  if (r.pos - start <= 7) return BigInt(n); // at most 49 bits: exact as a number
  let value = 0n;
  for (let p = r.pos - 1; p >= start; p--) value = (value << 7n) | BigInt((r.buf[p] as number) & 0x7f);
  return value & U64_MASK;
}

function at(parent: string, f: FieldDesc, index: number): string {
  return index < 0 ? `${parent}.${f.name}` : `${parent}.${f.name}[${index}]`;
}

/**
 * A message read but not yet built: its values by field position (desc.fields is in field-number
 * order). A non-repeated sub-message that occurs again is read into the same Raw: protobuf merges
 * them (later scalars win, repeated fields append), as protobufjs does.
 */
interface Raw {
  readonly desc: MessageDesc;
  readonly got: unknown[];
}

function readScalar(f: FieldDesc, r: Reader): unknown {
  switch (f.kind) {
    case 'uint64':
      return readU64(r);
    case 'uint32':
      return readLow32(r);
    case 'bool':
      return readNumber(r) !== 0; // any bit set, as protobufjs reads a bool
    case 'enum':
      return readLow32(r) | 0; // protobufjs reads enums as int32; checked on the value kept (build)
    case 'string': {
      const len = readNumber(r);
      const b = r.buf;
      const s = Buffer.from(b.buffer, b.byteOffset, b.length).toString('utf8', r.pos, r.pos + len);
      r.pos += len;
      return s;
    }
    default: {
      // bytes: a plain Uint8Array with its own exact buffer, even when the input is a Buffer
      const len = readNumber(r);
      const out = r.buf.slice(r.pos, r.pos + len);
      r.pos += len;
      return out.constructor === Uint8Array ? out : new Uint8Array(out);
    }
  }
}

function readInto(raw: Raw, r: Reader, end: number): Raw {
  const { desc, got } = raw;
  const fields = desc.fields;
  while (r.pos < end) {
    const tag = readNumber(r);
    const f = desc.byId.get(Math.floor(tag / 8)) as FieldDesc;
    const k = f.position;
    let v: unknown;
    if (f.kind === 'message') {
      const len = readNumber(r);
      const subEnd = r.pos + len;
      const held =
        r.reuse !== undefined && f.repeated && f.message!.name === 'SignedTx'
          ? r.reuse(r.buf.subarray(r.pos, subEnd))
          : undefined;
      if (held !== undefined) v = new Reused(held);
      else {
        const into = f.repeated ? undefined : (got[k] as Raw | undefined);
        v = readInto(into ?? { desc: f.message!, got: new Array(f.message!.fields.length) }, r, subEnd);
      }
      r.pos = subEnd;
    } else v = readScalar(f, r);
    if (f.repeated) ((got[k] as unknown[] | undefined) ?? (got[k] = [])).push(v as never);
    else got[k] = v;
    if (f.oneof !== undefined) {
      // setting a oneof member clears the others (protobufjs: the last member read wins)
      for (const o of fields) if (o.oneof === f.oneof && o !== f) got[o.position] = undefined;
    }
  }
  return raw;
}

/** An enum value must be one of the schema's (checked on the value kept, as the protobufjs path did). */
function checkEnum(f: FieldDesc, v: unknown, path: string, index: number): void {
  if (!f.enumValues!.has(v as number)) {
    const p = at(path, f, index);
    throw new LeagError('DECODE_BAD_ENUM', `${p}: ${String(v)} is not a value of this enum`, { path: p, found: v });
  }
}

function element(f: FieldDesc, v: unknown, path: string, index: number): unknown {
  if (v instanceof Reused) return v.value;
  if (f.kind === 'message') return build(v as Raw, at(path, f, index));
  if (f.kind === 'enum') checkEnum(f, v, path, index);
  return v;
}

/** The TypeScript value of a read message, fields in order (as the protobufjs path built it). */
function build(raw: Raw, path: string): Obj {
  const { desc, got } = raw;
  const fields = desc.fields;
  const out: Obj = {};
  for (let k = 0; k < fields.length; k++) {
    const f = fields[k] as FieldDesc;
    const v = got[k];
    if (f.repeated) {
      out[f.name] = v === undefined ? [] : (v as unknown[]).map((e, i) => element(f, e, path, i));
    } else if (f.explicitPresence) {
      if (v === undefined) continue;
      out[f.name] = element(f, v, path, -1);
    } else out[f.name] = v === undefined ? defaultOf(f) : element(f, v, path, -1);
  }
  return out;
}

/**
 * Decodes scanned bytes (see the module comment). `reuse` may give an object to take as it is for
 * an element of a repeated SignedTx field (a block's txs), from its exact bytes.
 */
export function decodeScanned(
  desc: MessageDesc,
  buf: Uint8Array,
  path: string,
  reuse?: (encoding: Uint8Array) => object | undefined,
): Obj {
  const raw = readInto({ desc, got: new Array(desc.fields.length) }, { buf, pos: 0, reuse }, buf.length);
  return build(raw, path);
}
