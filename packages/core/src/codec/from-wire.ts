/**
 * protobufjs decoded message → TypeScript value: uint64 Long/number → bigint, Buffer → Uint8Array
 * (a copy, so values never alias a pooled buffer), absent fields → their defaults (absent
 * non-optional sub-messages → an all-default message), enum numbers checked against the schema.
 * decode no longer goes through protobufjs (wire-decode.ts reads the bytes in one pass);
 * messageFromWire stays as the reference that one-pass decoder is tested against
 * (test/wire-decode.test.ts) and defaultMessage serves both and the JSON codec.
 */
import { LeagError } from '../errors.js';
import type { FieldDesc, MessageDesc } from './descriptors.js';

type Obj = Record<string, unknown>;

interface LongLike {
  low: number;
  high: number;
}

function toBigint(v: unknown): bigint {
  if (typeof v === 'number') return BigInt(v);
  const l = v as LongLike;
  return (BigInt(l.high >>> 0) << 32n) | BigInt(l.low >>> 0);
}

function at(parent: string, f: FieldDesc, index: number): string {
  return index < 0 ? `${parent}.${f.name}` : `${parent}.${f.name}[${index}]`;
}

function scalarFromWire(f: FieldDesc, v: unknown, parent: string, index: number): unknown {
  switch (f.kind) {
    case 'uint64':
      return toBigint(v);
    case 'uint32':
      return (v as number) >>> 0;
    case 'bool':
      return v === true;
    case 'string':
      return v as string;
    case 'bytes':
      return new Uint8Array(v as Uint8Array);
    case 'enum':
      if (!f.enumValues!.has(v as number)) {
        const path = at(parent, f, index);
        throw new LeagError('DECODE_BAD_ENUM', `${path}: ${String(v)} is not a value of this enum`, { path, found: v });
      }
      return v;
    case 'message':
      return messageFromWire(f.message!, v as Obj, at(parent, f, index));
  }
}

function defaultOf(f: FieldDesc): unknown {
  switch (f.kind) {
    case 'uint64':
      return 0n;
    case 'uint32':
    case 'enum':
      return 0;
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'bytes':
      return new Uint8Array(0);
    case 'message':
      return defaultMessage(f.message!);
  }
}

/** The all-default value of a message type (what an empty encoding decodes to). */
export function defaultMessage(desc: MessageDesc): Obj {
  const out: Obj = {};
  for (const f of desc.fields) {
    if (f.repeated) out[f.name] = [];
    else if (!f.explicitPresence) out[f.name] = defaultOf(f);
  }
  return out;
}

export function messageFromWire(desc: MessageDesc, msg: Obj, path: string): Obj {
  const out: Obj = {};
  let setOneofs: Map<string, string> | undefined; // only for messages with a oneof that is set
  for (const f of desc.fields) {
    const has = Object.hasOwn(msg, f.name) && msg[f.name] !== null && msg[f.name] !== undefined;
    if (f.repeated) {
      out[f.name] = has ? (msg[f.name] as unknown[]).map((e, i) => scalarFromWire(f, e, path, i)) : [];
    } else if (f.explicitPresence) {
      if (!has) continue;
      if (f.oneof) {
        setOneofs ??= new Map();
        const other = setOneofs.get(f.oneof);
        if (other) {
          throw new LeagError(
            'DECODE_NON_CANONICAL',
            `${path}: both ${other} and ${f.name} of oneof ${f.oneof} are present`,
            {
              path,
            },
          );
        }
        setOneofs.set(f.oneof, f.name);
      }
      out[f.name] = scalarFromWire(f, msg[f.name], path, -1);
    } else {
      out[f.name] = has ? scalarFromWire(f, msg[f.name], path, -1) : defaultOf(f);
    }
  }
  return out;
}
