/**
 * A structural pre-scan of protobuf wire bytes against the schema, run before protobufjs decodes:
 * every tag must name a known field with the right wire type, every varint must end within 10 bytes,
 * every length must fit, repeated counts and string/bytes lengths must be within limits. This gives
 * precise DECODE_ errors and keeps protobufjs from allocating for hostile input. (Canonical form is
 * checked afterwards by re-encoding.)
 */
import { isUtf8 } from 'node:buffer';
import { LeagError } from '../errors.js';
import type { MessageDesc } from './descriptors.js';
import { DEFAULT_MAX_FIELD_BYTES, type DecodeOptions, maxCountOf } from './limits.js';

export interface Cursor {
  pos: number;
}

function fail(code: string, message: string, details: Record<string, unknown>): never {
  throw new LeagError(code, message, details);
}

/** Reads a varint as a number (exact up to 2^53; larger values are only compared, never used as lengths). */
export function readVarint(buf: Uint8Array, c: Cursor, end: number, path: string): number {
  let result = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (c.pos >= end) fail('DECODE_TRUNCATED', `${path}: input ends inside a varint`, { path, offset: c.pos });
    const b = buf[c.pos++]!;
    result += (b & 0x7f) * mul;
    mul *= 128;
    if ((b & 0x80) === 0) return result;
  }
  return fail('DECODE_MALFORMED', `${path}: varint longer than 10 bytes`, { path, offset: c.pos });
}

export function scanMessage(
  desc: MessageDesc,
  buf: Uint8Array,
  start: number,
  end: number,
  path: string,
  opts?: DecodeOptions,
): void {
  const c: Cursor = { pos: start };
  let counts: Map<number, number> | undefined;
  const maxField = opts?.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
  while (c.pos < end) {
    const tagAt = c.pos;
    const tag = readVarint(buf, c, end, path);
    const id = Math.floor(tag / 8);
    const wire = tag % 8;
    const f = desc.byId.get(id);
    if (!f) {
      fail('DECODE_UNKNOWN_FIELD', `${path}: unknown field number ${id} (wire type ${wire}) in ${desc.name}`, {
        path,
        type: desc.name,
        field: id,
        offset: tagAt,
      });
    }
    if (wire !== f.wireType) {
      const fpath = `${path}.${f.name}`;
      fail('DECODE_WIRE_TYPE', `${fpath}: wire type ${wire}, expected ${f.wireType}`, { path: fpath, found: wire });
    }
    if (f.repeated) {
      counts ??= new Map();
      const n = (counts.get(id) ?? 0) + 1;
      counts.set(id, n);
      const max = maxCountOf(f.countKey, opts);
      if (n > max) {
        const fpath = `${path}.${f.name}`;
        fail('DECODE_TOO_MANY', `${fpath}: more than ${max} elements`, { path: fpath, max });
      }
    }
    if (wire === 0) {
      readVarint(buf, c, end, path);
      continue;
    }
    const len = readVarint(buf, c, end, path);
    if (len > end - c.pos) {
      const fpath = `${path}.${f.name}`;
      fail('DECODE_TRUNCATED', `${fpath}: length ${len} runs past the end of the input`, { path: fpath, length: len });
    }
    if (f.kind === 'message') {
      scanMessage(f.message!, buf, c.pos, c.pos + len, `${path}.${f.name}`, opts);
    } else if (len > maxField) {
      const fpath = `${path}.${f.name}`;
      fail('DECODE_TOO_LONG', `${fpath}: ${len} bytes, at most ${maxField} allowed`, { path: fpath, max: maxField });
    } else if (f.kind === 'string' && !isUtf8(buf.subarray(c.pos, c.pos + len))) {
      const fpath = `${path}.${f.name}`;
      fail('DECODE_BAD_UTF8', `${fpath}: string is not valid UTF-8`, { path: fpath });
    }
    c.pos += len;
  }
}
