/**
 * Many small byte arrays as one buffer and its end offsets, for posting to and from a worker:
 * structured cloning a Uint8Array copies its whole underlying ArrayBuffer, and a state record can
 * be a view into a large received message, so each array is copied out once here instead.
 */
import { LeagError } from '@leag/core';
import { runSteps } from '../ledger/index.js';

export interface Packed {
  bytes: Uint8Array;
  ends: Uint32Array;
}

export function pack(list: readonly Uint8Array[]): Packed {
  let n = 0;
  for (const b of list) n += b.length;
  const bytes = new Uint8Array(n);
  const ends = new Uint32Array(list.length);
  let at = 0;
  list.forEach((b, i) => {
    bytes.set(b, at);
    at += b.length;
    ends[i] = at;
  });
  return { bytes, ends };
}

/** The arrays back, each a copy of its own (no view keeps the whole buffer alive). */
export function unpack(p: Packed): Uint8Array[] {
  return runSteps(unpackSteps(p, Number.POSITIVE_INFINITY));
}

/** unpack in steps: yields after every `per` arrays (see worker-protocol receiveSteps). */
export function* unpackSteps(p: Packed, per: number): Generator<void, Uint8Array[]> {
  const out: Uint8Array[] = new Array(p.ends.length);
  let start = 0;
  for (let i = 0; i < p.ends.length; i++) {
    if (i > 0 && i % per === 0) yield;
    const end = p.ends[i] as number;
    if (end < start || end > p.bytes.length)
      throw new LeagError(
        'SETTLE_WORKER',
        `packed arrays: end ${end} of array ${i} is outside ${start}..${p.bytes.length}`,
      );
    out[i] = p.bytes.slice(start, end);
    start = end;
  }
  return out;
}
