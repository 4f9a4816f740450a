/**
 * Conversion between TypeScript values (uint64 = bigint, bytes = Uint8Array, enums = numbers) and
 * the objects protobufjs encodes and decodes (Long or number, Buffer). The encoder side also makes
 * the encoding canonical: default scalars, empty repeated fields and all-default non-optional
 * sub-messages are omitted; oneof members and proto3 `optional` fields are written whenever set.
 */
import { LeagError } from '../errors.js';
import type { FieldDesc, MessageDesc } from './descriptors.js';

const U64_MAX = (1n << 64n) - 1n;
const U53_MAX = BigInt(Number.MAX_SAFE_INTEGER);
const LONE_SURROGATE = /\p{Cs}/u;

type Obj = Record<string, unknown>;

function bad(code: string, path: string, message: string): never {
  throw new LeagError(code, `${path}: ${message}`, { path });
}

function isDefault(f: FieldDesc, v: unknown): boolean {
  switch (f.kind) {
    case 'uint64':
      return v === 0n;
    case 'uint32':
    case 'enum':
      return v === 0;
    case 'bool':
      return v === false;
    case 'string':
      return v === '';
    case 'bytes':
      return (v as Uint8Array).length === 0;
    case 'message':
      return Object.keys(v as Obj).length === 0;
  }
}

/** The path of a field (and element) for error messages, built only when an error is thrown. */
function at(parent: string, f: FieldDesc, index: number): string {
  return index < 0 ? `${parent}.${f.name}` : `${parent}.${f.name}[${index}]`;
}

function scalarToWire(f: FieldDesc, v: unknown, parent: string, index: number): unknown {
  switch (f.kind) {
    case 'uint64':
      if (typeof v !== 'bigint')
        bad('ENCODE_TYPE', at(parent, f, index), `expected a bigint (uint64), got ${typeof v}`);
      if (v < 0n || v > U64_MAX) bad('ENCODE_RANGE', at(parent, f, index), `${v} is outside uint64 [0, 2^64-1]`);
      // Small values as numbers (protobufjs writes them exactly, without an object per field).
      if (v <= U53_MAX) return Number(v);
      return { low: Number(v & 0xffffffffn) | 0, high: Number(v >> 32n) | 0, unsigned: true };
    case 'uint32':
      if (typeof v !== 'number' || !Number.isInteger(v))
        bad('ENCODE_TYPE', at(parent, f, index), `expected an integer (uint32), got ${String(v)}`);
      if (v < 0 || v > 0xffffffff) bad('ENCODE_RANGE', at(parent, f, index), `${v} is outside uint32 [0, 2^32-1]`);
      return v;
    case 'enum':
      if (typeof v !== 'number' || !f.enumValues!.has(v))
        bad('ENCODE_ENUM', at(parent, f, index), `${String(v)} is not a value of this enum`);
      return v;
    case 'bool':
      if (typeof v !== 'boolean') bad('ENCODE_TYPE', at(parent, f, index), `expected a boolean, got ${typeof v}`);
      return v;
    case 'string':
      if (typeof v !== 'string') bad('ENCODE_TYPE', at(parent, f, index), `expected a string, got ${typeof v}`);
      if (LONE_SURROGATE.test(v))
        bad('ENCODE_STRING', at(parent, f, index), 'string holds a lone UTF-16 surrogate (not valid UTF-8)');
      return v;
    case 'bytes':
      if (!(v instanceof Uint8Array))
        bad('ENCODE_TYPE', at(parent, f, index), `expected a Uint8Array, got ${typeof v}`);
      return v;
    case 'message':
      return messageToWire(f.message!, v, at(parent, f, index));
  }
}

/** TS value → protobufjs plain object, canonical (see the module comment). */
export function messageToWire(desc: MessageDesc, value: unknown, path: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    bad('ENCODE_TYPE', path, `expected a ${desc.name} object`);
  }
  const src = value as Obj;
  for (const k in src) {
    if (!desc.fieldNames.has(k) && src[k] !== undefined) {
      bad(
        'ENCODE_UNKNOWN_FIELD',
        path,
        `${desc.name} has no field "${k}" (fields: ${[...desc.fieldNames].join(', ')})`,
      );
    }
  }
  const out: Obj = {};
  const setOneofs = desc.oneofs.size > 0 ? new Map<string, string>() : undefined;
  for (const f of desc.fields) {
    const v = src[f.name];
    if (f.repeated) {
      if (v === undefined) continue;
      if (!Array.isArray(v)) bad('ENCODE_TYPE', at(path, f, -1), 'expected an array');
      if (v.length > 0) out[f.name] = v.map((e, i) => scalarToWire(f, e, path, i));
      continue;
    }
    if (v === undefined || v === null) continue;
    const w = scalarToWire(f, v, path, -1);
    if (f.explicitPresence) {
      if (f.oneof && setOneofs) {
        const other = setOneofs.get(f.oneof);
        if (other) bad('ENCODE_ONEOF', path, `both ${other} and ${f.name} are set; oneof ${f.oneof} allows one`);
        setOneofs.set(f.oneof, f.name);
      }
      out[f.name] = w;
    } else if (!isDefault(f, f.kind === 'message' ? w : v)) {
      out[f.name] = w;
    }
  }
  return out;
}
