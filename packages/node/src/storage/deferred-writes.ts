/**
 * A block's state writes as ONE record (docs/ledger.md, "Large blocks' state writes"): a block
 * with tens of thousands of state writes (a window's settlement) commits them in its atomic batch
 * as one value of the `deferredWrites` bucket instead of one LevelDB op each, and the chain store
 * spreads them into the `state` bucket afterwards, in small batches, off the block's commit path.
 *
 * Format, per write in order: kind (1 byte: 0 delete, 1 put), key length (u32 big-endian), key,
 * and for a put the value length (u32 big-endian) and value. Every length is checked against the
 * record, so a corrupt record is a clear STORE_CORRUPT, never a read past its end.
 */
import { LeagError } from '@leag/core';
import type { StateWrite } from './chain-store.js';

const DEL = 0;
const PUT = 1;

export function encodeWrites(writes: readonly StateWrite[]): Uint8Array {
  let n = 0;
  for (const w of writes) n += 5 + w.key.length + (w.value === null ? 0 : 4 + w.value.length);
  const out = new Uint8Array(n);
  const dv = new DataView(out.buffer);
  let at = 0;
  for (const w of writes) {
    out[at] = w.value === null ? DEL : PUT;
    dv.setUint32(at + 1, w.key.length);
    out.set(w.key, at + 5);
    at += 5 + w.key.length;
    if (w.value !== null) {
      dv.setUint32(at, w.value.length);
      out.set(w.value, at + 4);
      at += 4 + w.value.length;
    }
  }
  return out;
}

/** The writes of a record; keys and values are copies (no view keeps the record alive). */
export function decodeWrites(b: Uint8Array): StateWrite[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: StateWrite[] = [];
  let at = 0;
  const bad = (why: string): never => {
    throw new LeagError('STORE_CORRUPT', `a deferred state-write record is malformed at byte ${at}: ${why}`);
  };
  const field = (): Uint8Array => {
    if (at + 4 > b.length) bad('a length runs past the end');
    const len = dv.getUint32(at);
    if (at + 4 + len > b.length) bad(`a ${len}-byte field runs past the end (${b.length - at - 4} left)`);
    const v = b.slice(at + 4, at + 4 + len);
    at += 4 + len;
    return v;
  };
  while (at < b.length) {
    const kind = b[at];
    if (kind !== DEL && kind !== PUT) bad(`kind ${kind} is neither 0 (delete) nor 1 (put)`);
    at++;
    const key = field();
    if (key.length === 0) bad('an empty key');
    out.push({ key, value: kind === PUT ? field() : null });
  }
  return out;
}
