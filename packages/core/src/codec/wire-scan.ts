/**
 * A structural pre-scan of protobuf wire bytes against the schema, run before decoding (wire-decode.ts):
 * every tag must name a known field with the right wire type, every varint must end within 10 bytes,
 * every length must fit, repeated counts and string/bytes lengths must be within limits. This gives
 * precise DECODE_ errors, keeps the decoder from allocating for hostile input and lets it read without
 * checks of its own.
 *
 * The scan also tells whether the bytes are certainly in canonical form (`Canonical.ok`), by the
 * rules the encoder follows (convert.ts, protobufjs): fields in ascending field-number order, a
 * repeated field's elements together; minimal varints (tags, lengths, values); a non-optional
 * scalar or sub-message present only when it is not its default (a value other than 0, a bool only
 * as 1, a string, bytes or sub-message of length > 0); one member of a oneof at most; uint32 and enum values within their 32-bit
 * range, uint64 within 64 bits, bools 0 or 1. When it is not certain, decode falls back to
 * re-encoding the decoded value and comparing (codec.ts), which gives the DECODE_NON_CANONICAL error;
 * when it is, that re-encoding (as costly as the decoding) is skipped. The property test in
 * test/codec-canonical-scan.test.ts holds the scan's verdict against the re-encoding's.
 */
import { isUtf8 } from 'node:buffer';
import { LeagError } from '../errors.js';
import type { FieldDesc, MessageDesc } from './descriptors.js';
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

/** Whether scanned bytes are certainly canonical (see the module comment); set false on any doubt. */
export interface Canonical {
  ok: boolean;
}

/** True when the varint that ends just before `end` (and began at `start`) has no redundant bytes. */
function minimalVarint(buf: Uint8Array, start: number, end: number): boolean {
  return end - start === 1 || buf[end - 1] !== 0;
}

/** The canonical rules for one varint field value at buf[start..end). */
function varintValueCanonical(f: FieldDesc, buf: Uint8Array, start: number, end: number, value: number): boolean {
  if (!minimalVarint(buf, start, end)) return false;
  if (!f.explicitPresence && !f.repeated && value === 0) return false; // a default is left out
  switch (f.kind) {
    case 'bool':
      return value <= 1;
    case 'uint32':
      return value <= 0xffffffff;
    case 'enum':
      return value <= 0x7fffffff; // protobufjs reads enums as int32
    default: // uint64: at most 64 bits (a 10th byte may only hold bit 63)
      return end - start < 10 || buf[end - 1] === 1;
  }
}

export function scanMessage(
  desc: MessageDesc,
  buf: Uint8Array,
  start: number,
  end: number,
  path: string,
  opts?: DecodeOptions,
  canon?: Canonical,
): void {
  const c: Cursor = { pos: start };
  let counts: Map<number, { n: number; max: number }> | undefined;
  const maxField = opts?.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
  let lastId = 0;
  let oneofSeen: string | undefined;
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
    if (canon?.ok === true && (!minimalVarint(buf, tagAt, c.pos) || id < lastId || (id === lastId && !f.repeated)))
      canon.ok = false;
    if (canon?.ok === true && f.oneof !== undefined) {
      // A second member of the oneof; a message with several oneofs is left to the re-encoding.
      if (oneofSeen !== undefined || desc.oneofs.size > 1) canon.ok = false;
      oneofSeen = f.oneof;
    }
    lastId = id;
    if (f.repeated) {
      // the limit is looked up once per field, not per element (a settlement has tens of thousands)
      counts ??= new Map();
      let seen = counts.get(id);
      if (seen === undefined) {
        seen = { n: 0, max: maxCountOf(f.countKey, opts) };
        counts.set(id, seen);
      }
      const { max } = seen;
      if (++seen.n > max) {
        const fpath = `${path}.${f.name}`;
        fail('DECODE_TOO_MANY', `${fpath}: more than ${max} elements`, { path: fpath, max });
      }
    }
    if (wire === 0) {
      const at = c.pos;
      const value = readVarint(buf, c, end, path);
      if (canon?.ok === true && !varintValueCanonical(f, buf, at, c.pos, value)) canon.ok = false;
      continue;
    }
    const lenAt = c.pos;
    const len = readVarint(buf, c, end, path);
    if (canon?.ok === true && (!minimalVarint(buf, lenAt, c.pos) || (len === 0 && !f.explicitPresence && !f.repeated)))
      canon.ok = false;
    if (len > end - c.pos) {
      const fpath = `${path}.${f.name}`;
      fail('DECODE_TRUNCATED', `${fpath}: length ${len} runs past the end of the input`, { path: fpath, length: len });
    }
    if (f.kind === 'message') {
      scanMessage(f.message!, buf, c.pos, c.pos + len, `${path}.${f.name}`, opts, canon);
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
