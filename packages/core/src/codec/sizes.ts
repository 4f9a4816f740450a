/**
 * Exact canonical encoded sizes of a SignedTx and a Block without encoding them again: the Tx
 * part comes from its (remembered, for a sealed Tx) canonical bytes, the rest is the protobuf
 * framing: a 1-byte tag and a varint length per length-delimited field (all field numbers here are
 * below 16). The ledger checks sizes of every tx and block it applies; tests compare these with
 * encode(...).length on random values.
 */
import type { Block, SignedTx, Witness } from '../gen/types.gen.js';
import { encode } from './codec.js';

const varintLen = (n: number): number => {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
};

/** Size of a length-delimited field holding `n` bytes (omitted when a bytes field is empty). */
const field = (n: number): number => 1 + varintLen(n) + n;
/**
 * Size of a non-optional message field whose encoding has `n` bytes: an all-default message (empty
 * encoding) is left out, as canonical protobuf writes it (codec.ts encodeSpliced).
 */
const messageField = (n: number): number => (n > 0 ? field(n) : 0);

function witnessSize(w: Witness): number {
  return (w.pubkey.length > 0 ? field(w.pubkey.length) : 0) + (w.signature.length > 0 ? field(w.signature.length) : 0);
}

/** encode('SignedTx', stx).length, computed from the Tx's canonical bytes. */
export function signedTxSize(stx: SignedTx): number {
  let n = messageField(encode('Tx', stx.tx).length);
  for (const w of stx.witnesses) n += field(witnessSize(w));
  return n;
}

/** encode('Block', block).length, computed from its txs' canonical bytes. */
export function blockSize(block: Block): number {
  let n = messageField(encode('BlockHeader', block.header).length);
  for (const t of block.txs) n += field(signedTxSize(t)); // a repeated element is written even when empty
  // parent_cert is `optional` (explicit presence): written when set, even when all-default
  if (block.parentCert !== undefined) n += field(encode('CommitCertificate', block.parentCert).length);
  return n;
}
