/**
 * Byte layout of a tx gossip message: u16 count, then per tx a u32 length and core's SignedTx
 * bytes. A batch carries the txs one node accepted within a few milliseconds, so a peer pays one
 * message (one frame, one decryption) per batch instead of per tx.
 */
import { LeagError } from '@leag/core';

/** Most txs in one gossip batch. */
export const MAX_BATCH_TXS = 1024;

export function encodeTxBatch(txs: readonly Uint8Array[]): Uint8Array {
  if (txs.length === 0 || txs.length > MAX_BATCH_TXS)
    throw new LeagError('NET_BAD_TX_BATCH', `a tx batch holds 1..${MAX_BATCH_TXS} txs, found ${txs.length}`);
  const size = txs.reduce((s, t) => s + 4 + t.length, 2);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, txs.length);
  let at = 2;
  for (const t of txs) {
    dv.setUint32(at, t.length);
    out.set(t, at + 4);
    at += 4 + t.length;
  }
  return out;
}

/** The tx byte strings of a batch (each still to be decoded and checked); throws on a bad layout. */
export function decodeTxBatch(b: Uint8Array, maxTxBytes: number): Uint8Array[] {
  if (b.length < 2) throw new LeagError('NET_BAD_TX_BATCH', 'a tx batch is at least 2 bytes');
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const n = dv.getUint16(0);
  if (n === 0 || n > MAX_BATCH_TXS)
    throw new LeagError('NET_BAD_TX_BATCH', `a tx batch holds 1..${MAX_BATCH_TXS} txs, found ${n}`);
  const out: Uint8Array[] = [];
  let at = 2;
  for (let i = 0; i < n; i++) {
    if (at + 4 > b.length) throw new LeagError('NET_BAD_TX_BATCH', `tx ${i} of ${n} is cut off`);
    const len = dv.getUint32(at);
    if (len > maxTxBytes)
      throw new LeagError('NET_BAD_TX_BATCH', `tx ${i} is ${len} bytes, the limit is ${maxTxBytes}`);
    if (at + 4 + len > b.length) throw new LeagError('NET_BAD_TX_BATCH', `tx ${i} of ${n} is cut off`);
    out.push(b.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  if (at !== b.length) throw new LeagError('NET_BAD_TX_BATCH', `${b.length - at} bytes after the last tx`);
  return out;
}
