/**
 * protobufjs decoded message → TypeScript value: uint64 Long/number → bigint, Buffer → Uint8Array
 * (a copy, so values never alias a pooled buffer), absent fields → their defaults (absent
 * non-optional sub-messages → an all-default message), enum numbers checked against the schema.
 */
import { LeagError } from '../errors.js';
import { type FieldDesc, type MessageDesc, messageDesc } from './descriptors.js';

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

function scalarFromWire(f: FieldDesc, v: unknown, path: string): unknown {
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
        throw new LeagError('DECODE_BAD_ENUM', `${path}: ${String(v)} is not a value of this enum`, { path, found: v });
      }
      return v;
    case 'message':
      return messageFromWire(messageDesc(f.messageName!), v as Obj, path);
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
      return defaultMessage(messageDesc(f.messageName!));
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
  const setOneofs = new Map<string, string>();
  for (const f of desc.fields) {
    const fpath = `${path}.${f.name}`;
    const has = Object.hasOwn(msg, f.name) && msg[f.name] !== null && msg[f.name] !== undefined;
    if (f.repeated) {
      out[f.name] = has ? (msg[f.name] as unknown[]).map((e, i) => scalarFromWire(f, e, `${fpath}[${i}]`)) : [];
    } else if (f.explicitPresence) {
      if (!has) continue;
      if (f.oneof) {
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
      out[f.name] = scalarFromWire(f, msg[f.name], fpath);
    } else {
      out[f.name] = has ? scalarFromWire(f, msg[f.name], fpath) : defaultOf(f);
    }
  }
  return out;
}
