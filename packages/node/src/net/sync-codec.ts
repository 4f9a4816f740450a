/** Byte layout of block-sync requests and answer items (blocks and certificates are core encodings). */
import { LeagError } from '@leag/core';

export interface SyncItem {
  block: Uint8Array;
  cert: Uint8Array;
}

export function encodeSyncRequest(fromHeight: bigint, max: number): Uint8Array {
  const b = new Uint8Array(12);
  const dv = new DataView(b.buffer);
  dv.setBigUint64(0, fromHeight);
  dv.setUint32(8, max);
  return b;
}

export function decodeSyncRequest(b: Uint8Array): { fromHeight: bigint; max: number } {
  if (b.length !== 12) throw new LeagError('NET_BAD_SYNC_REQUEST', `a sync request is 12 bytes, found ${b.length}`);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { fromHeight: dv.getBigUint64(0), max: dv.getUint32(8) };
}

export function encodeSyncItem(it: SyncItem): Uint8Array {
  const out = new Uint8Array(4 + it.block.length + it.cert.length);
  new DataView(out.buffer).setUint32(0, it.block.length);
  out.set(it.block, 4);
  out.set(it.cert, 4 + it.block.length);
  return out;
}

export function decodeSyncItem(b: Uint8Array): SyncItem {
  if (b.length < 4) throw new LeagError('NET_BAD_SYNC_ITEM', 'a sync item is at least 4 bytes');
  const n = new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(0);
  if (4 + n > b.length) throw new LeagError('NET_BAD_SYNC_ITEM', `sync item block length ${n} exceeds the item`);
  return { block: b.subarray(4, 4 + n), cert: b.subarray(4 + n) };
}
