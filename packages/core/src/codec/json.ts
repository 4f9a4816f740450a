/**
 * JSON form of schema values, for APIs, CLIs, files and logs (never for hashing or signing: those
 * use the canonical binary encoding). uint64 → decimal string ("12"), bytes → lowercase hex,
 * enums → their names ("TX_KIND_TRANSFER"), uint32 and bool as they are, absent oneof/optional
 * members left out. fromJson is strict: unknown keys, wrong types, out-of-range numbers, bad hex and
 * unknown enum names are JSON_ errors naming the field; missing fields take their defaults.
 */
import { fromHex, toHex } from '../bytes.js';
import { LeagError } from '../errors.js';
import type { MessageName, MessageTypes } from '../gen/types.gen.js';
import { defaultMessage } from './defaults.js';
import { type FieldDesc, type MessageDesc, messageDesc } from './descriptors.js';

type Obj = Record<string, unknown>;
const U64_MAX = (1n << 64n) - 1n;

function bad(code: string, path: string, message: string): never {
  throw new LeagError(code, `${path}: ${message}`, { path });
}

function scalarToJson(f: FieldDesc, v: unknown): unknown {
  switch (f.kind) {
    case 'uint64':
      return (v as bigint).toString();
    case 'bytes':
      return toHex(v as Uint8Array);
    case 'enum':
      return f.enumNames!.get(v as number) ?? v;
    case 'message':
      return messageToJson(f.message!, v as Obj);
    default:
      return v;
  }
}

function messageToJson(desc: MessageDesc, value: Obj): Obj {
  const out: Obj = {};
  for (const f of desc.fields) {
    const v = value[f.name];
    if (v === undefined || v === null) continue;
    out[f.name] = f.repeated ? (v as unknown[]).map((e) => scalarToJson(f, e)) : scalarToJson(f, v);
  }
  return out;
}

function scalarFromJson(f: FieldDesc, v: unknown, path: string): unknown {
  switch (f.kind) {
    case 'uint64': {
      const ok =
        (typeof v === 'string' && /^(0|[1-9]\d{0,19})$/.test(v)) ||
        (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0);
      if (!ok) bad('JSON_TYPE', path, `expected a uint64 as a decimal string like "12", got ${JSON.stringify(v)}`);
      const b = BigInt(v as string | number);
      if (b > U64_MAX) bad('JSON_RANGE', path, `${b} is above 2^64-1`);
      return b;
    }
    case 'uint32':
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
        bad('JSON_TYPE', path, `expected an integer in [0, 2^32-1], got ${JSON.stringify(v)}`);
      }
      return v;
    case 'bool':
      if (typeof v !== 'boolean') bad('JSON_TYPE', path, `expected true or false, got ${JSON.stringify(v)}`);
      return v;
    case 'string':
      if (typeof v !== 'string') bad('JSON_TYPE', path, `expected a string, got ${JSON.stringify(v)}`);
      return v;
    case 'bytes':
      if (typeof v !== 'string') bad('JSON_TYPE', path, 'expected bytes as a hex string');
      try {
        return fromHex(v);
      } catch {
        return bad('JSON_HEX', path, 'expected an even-length hex string');
      }
    case 'enum': {
      const n =
        typeof v === 'string' ? f.enumByName!.get(v) : typeof v === 'number' && f.enumValues!.has(v) ? v : undefined;
      if (n === undefined) {
        bad('JSON_ENUM', path, `${JSON.stringify(v)} is not one of ${[...f.enumByName!.keys()].join(', ')}`);
      }
      return n;
    }
    case 'message':
      return messageFromJson(f.message!, v, path);
  }
}

function messageFromJson(desc: MessageDesc, json: unknown, path: string): Obj {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    bad('JSON_TYPE', path, `expected a ${desc.name} object`);
  const src = json as Obj;
  const known = new Set(desc.fields.map((f) => f.name));
  for (const k of Object.keys(src)) {
    if (!known.has(k))
      bad('JSON_UNKNOWN_FIELD', path, `unknown field "${k}" in ${desc.name} (known: ${[...known].join(', ')})`);
  }
  for (const [oneof, members] of desc.oneofs) {
    const set = members.filter((m) => src[m] !== undefined && src[m] !== null);
    if (set.length > 1) bad('JSON_ONEOF', path, `${set.join(' and ')} are set; oneof ${oneof} allows one`);
  }
  const out = defaultMessage(desc);
  for (const f of desc.fields) {
    const v = src[f.name];
    if (v === undefined || v === null) continue;
    const fpath = `${path}.${f.name}`;
    if (f.repeated) {
      if (!Array.isArray(v)) bad('JSON_TYPE', fpath, 'expected an array');
      out[f.name] = v.map((e, i) => scalarFromJson(f, e, `${fpath}[${i}]`));
    } else {
      out[f.name] = scalarFromJson(f, v, fpath);
    }
  }
  return out;
}

/** A schema value as plain JSON data (see the module comment). */
export function toJson<N extends MessageName>(typeName: N, value: MessageTypes[N]): Record<string, unknown> {
  return messageToJson(messageDesc(typeName), value as unknown as Obj);
}

/** Parses JSON data (an object, not text) into a schema value, strictly. */
export function fromJson<N extends MessageName>(typeName: N, json: unknown): MessageTypes[N] {
  return messageFromJson(messageDesc(typeName), json, typeName) as unknown as MessageTypes[N];
}
