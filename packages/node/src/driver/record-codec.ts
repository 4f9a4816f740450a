/**
 * Byte form of the consensus guard's SignedRecords in the WAL. Local to one node (never hashed or
 * sent), so a self-describing form that round-trips PreparedProof and ViewChange is enough:
 *
 *   0x01 ‖ u32 n ‖ n × (u32 length ‖ canonical Block bytes) ‖ JSON
 *
 * The JSON holds everything but the blocks, with bigint and byte-array values tagged
 * ({"$n": "12"}, {"$b": "hex"}) and each block replaced by {"$block": i}, its index in the list
 * before. A COMMIT's record carries its prepared proof with the whole block, one record per block
 * under load: as JSON, every tx of it became a nested object of hex strings (about 1 % of a
 * replica's CPU); as protobuf, its sealed txs' bytes are copied in (docs/performance.md).
 * Records written before this form (plain JSON, first byte '{') are still read.
 */

import type { SignedRecord } from '@leag/consensus';
import { type Block, codecs, fromHex, LeagError, toHex } from '@leag/core';
import { BLOCK_DECODE_LIMITS } from '../ledger/codec.js';
import { readU32be, u32be } from '../storage/bytes.js';

const FORMAT_BLOCKS = 0x01;
const LEGACY_JSON = 0x7b; // '{'
/** Block size bound when the caller gives none (a WAL written by this node: its own limit + framing). */
const DEFAULT_MAX_BLOCK_BYTES = 64 * 1024 * 1024;

const isBlock = (v: unknown): v is Block =>
  typeof v === 'object' && v !== null && 'header' in v && 'txs' in v && Array.isArray((v as Block).txs);

export function encodeRecord(r: SignedRecord): Uint8Array {
  const blocks: Uint8Array[] = [];
  const text = JSON.stringify(r, (k, v: unknown) => {
    if (typeof v === 'bigint') return { $n: v.toString() };
    if (v instanceof Uint8Array) return { $b: toHex(v) };
    if (k === 'block' && isBlock(v)) {
      blocks.push(codecs.Block.encode(v));
      return { $block: blocks.length - 1 };
    }
    return v;
  });
  const json = new TextEncoder().encode(text);
  let size = 1 + 4 + json.length;
  for (const b of blocks) size += 4 + b.length;
  const out = new Uint8Array(size);
  out[0] = FORMAT_BLOCKS;
  out.set(u32be(blocks.length), 1);
  let at = 5;
  for (const b of blocks) {
    out.set(u32be(b.length), at);
    out.set(b, at + 4);
    at += 4 + b.length;
  }
  out.set(json, at);
  return out;
}

export function decodeRecord(b: Uint8Array, maxBlockBytes = DEFAULT_MAX_BLOCK_BYTES): SignedRecord {
  try {
    if (b[0] === LEGACY_JSON) return parseJson(b, []);
    if (b[0] !== FORMAT_BLOCKS) throw new LeagError('STORE_CORRUPT', `unknown record format ${b[0]}`);
    const n = readU32be(b, 1);
    const blocks: Block[] = [];
    let at = 5;
    for (let i = 0; i < n; i++) {
      const len = readU32be(b, at);
      if (len > maxBlockBytes || at + 4 + len > b.length)
        throw new LeagError(
          'STORE_CORRUPT',
          `block ${i} of ${len} bytes does not fit the record (or the limit of ${maxBlockBytes})`,
        );
      blocks.push(
        codecs.Block.decode(b.subarray(at + 4, at + 4 + len), { ...BLOCK_DECODE_LIMITS, maxBytes: maxBlockBytes }),
      );
      at += 4 + len;
    }
    return parseJson(b.subarray(at), blocks);
  } catch (e) {
    throw new LeagError('STORE_CORRUPT', `a consensus WAL record does not decode: ${(e as Error).message}`);
  }
}

function parseJson(b: Uint8Array, blocks: readonly Block[]): SignedRecord {
  return JSON.parse(new TextDecoder().decode(b), (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length === 1 && typeof o.$n === 'string') return BigInt(o.$n);
      if (keys.length === 1 && typeof o.$b === 'string') return fromHex(o.$b);
      if (keys.length === 1 && typeof o.$block === 'number') {
        const block = blocks[o.$block];
        if (block === undefined)
          throw new LeagError('STORE_CORRUPT', `the record names block ${o.$block} of ${blocks.length}`);
        return block;
      }
    }
    return v;
  }) as SignedRecord;
}
