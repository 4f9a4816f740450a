/**
 * Hashing: sha256 and tagged hashes. taggedHash(tag, data) = sha256(sha256(tag) ‖ sha256(tag) ‖ data)
 * (the BIP-340 construction): hashes of different kinds of things can never collide by accident.
 * hashOf(typeName, value) = taggedHash('leag/' + typeName, canonical encoding of value); the ids:
 *   txId(tx)          = hashOf('Tx', tx)            (witnesses live in SignedTx: ids are not malleable)
 *   blockHash(header) = hashOf('BlockHeader', header)
 * sha256 runs in OpenSSL (node:crypto): about 10x @noble/hashes on large inputs, 2x on small ones.
 */
import { hash } from 'node:crypto';
import { concatBytes, utf8 } from './bytes.js';
import { encode } from './codec/codec.js';
import { knownTxId, rememberTxId, txBytesOfSignedTx } from './codec/tx-memo.js';
import type { BlockHeader, MessageName, MessageTypes, SignedTx, Tx } from './gen/types.gen.js';

export const HASH_LENGTH = 32;

/** A plain Uint8Array with its own ArrayBuffer (never a Buffer, never a view on a shared pool). */
function view(b: Buffer): Uint8Array {
  return new Uint8Array(b);
}

export function sha256(data: Uint8Array): Uint8Array {
  return view(hash('sha256', data, 'buffer'));
}

const tagPrefixes = new Map<string, Uint8Array>();

/** sha256(tag) ‖ sha256(tag), cached per tag. */
export function tagPrefix(tag: string): Uint8Array {
  let p = tagPrefixes.get(tag);
  if (!p) {
    const h = sha256(utf8(tag));
    p = concatBytes(h, h);
    tagPrefixes.set(tag, p);
  }
  return p;
}

export function taggedHash(tag: string, ...data: Uint8Array[]): Uint8Array {
  // one-shot crypto.hash over one buffer: about a third cheaper than createHash().update()… for
  // the small inputs hashed per tx (ids, signing digests)
  const prefix = tagPrefix(tag);
  let n = prefix.length;
  for (const d of data) n += d.length;
  const buf = Buffer.allocUnsafe(n);
  buf.set(prefix, 0);
  let at = prefix.length;
  for (const d of data) {
    buf.set(d, at);
    at += d.length;
  }
  return view(hash('sha256', buf, 'buffer'));
}

/** The tagged hash of a value's canonical encoding; the tag is 'leag/' + typeName. */
export function hashOf<N extends MessageName>(typeName: N, value: MessageTypes[N]): Uint8Array {
  return taggedHash(`leag/${typeName}`, encode(typeName, value));
}

/**
 * A transaction's id: over the Tx without witnesses. Computed once for a sealed (frozen) Tx
 * (codec/tx-memo.ts); callers get the same array each time and must not write to it.
 */
export function txId(tx: Tx): Uint8Array {
  const known = knownTxId(tx);
  if (known !== undefined) return known;
  const id = hashOf('Tx', tx);
  rememberTxId(tx, id);
  return id;
}
/** The id of a signed transaction is the id of its Tx. */
export const signedTxId = (stx: SignedTx): Uint8Array => txId(stx.tx);
/**
 * The id of the tx a SignedTx's encoding holds, without decoding it. Only for bytes decode has
 * checked (a span DecodeOptions.heldSignedTx is given): other bytes give a meaningless id.
 */
export const signedTxIdOfEncoding = (bytes: Uint8Array): Uint8Array => taggedHash('leag/Tx', txBytesOfSignedTx(bytes));
/**
 * The id of a Tx from its canonical encoding (txId without decoding it). Only for bytes known to be
 * a Tx's canonical encoding (a ledger's own state records): other bytes give a meaningless id.
 */
export const txIdOfEncoding = (bytes: Uint8Array): Uint8Array => taggedHash('leag/Tx', bytes);
/** A block's hash: over its canonical header. */
export const blockHash = (header: BlockHeader): Uint8Array => hashOf('BlockHeader', header);
