/**
 * The decode path the codec used before its one-pass decoder (src/codec/wire-decode.ts): protobufjs
 * decodes, then messageFromWire converts its object to TypeScript values (uint64 Long/number →
 * bigint, Buffer → a Uint8Array copy, absent fields → their defaults, enums checked). Kept here as
 * the reference the tests hold the one-pass decoder and the canonical scan against.
 */
import { defaultOf } from '../../src/codec/defaults.js';
import type { FieldDesc, MessageDesc } from '../../src/codec/descriptors.js';
import { LeagError } from '../../src/errors.js';

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

/** The whole reference path for one message: protobufjs decode, then messageFromWire. */
export function decodeViaProtobufjs(desc: MessageDesc, bytes: Uint8Array, path: string): Obj {
  return messageFromWire(desc, desc.type.decode(bytes) as unknown as Obj, path);
}
