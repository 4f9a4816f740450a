/**
 * Canonical bytes and ids of transactions that can no longer change. A node handles each order
 * many times (its signature cache key, signing bytes, ledger rules, journal, block tx root, block
 * encoding) and each of those used to encode the same Tx again: about as much CPU as the order's
 * ECDSA check (docs/performance.md). A Tx is "sealed" when it is deep-frozen (plain objects and
 * arrays; its byte fields are Uint8Arrays, which JavaScript cannot freeze, and which no code here
 * writes to); a sealed Tx's encoding and id are computed once and kept in WeakMaps, so they go
 * with the object. A Tx that is not frozen is encoded every time: a value a caller may still
 * change never gets a stale encoding.
 *
 * Decoding seals what it decodes: a SignedTx and its Tx, and every SignedTx of a Block, with the
 * exact bytes read from the wire (canonical, as decode checked), so a tx that arrives in a
 * block costs no encode at all. A Tx nested deeper (a proposal's block inside a consensus
 * message) is sealed with its bytes too, found by walking the message's wire bytes field by field
 * along the path to it; where the value and the bytes do not line up (never for bytes decode
 * accepted) it is sealed without them and encoded once, on first use.
 */
import { bytesEqual } from '../bytes.js';
import { LeagError } from '../errors.js';
import type { SignedTx, Tx } from '../gen/types.gen.js';
import type { MessageDesc } from './descriptors.js';
import { readVarint } from './wire-scan.js';

/** The messages whose sealed values keep their encoding (one map each: a value is never both). */
export type SealedName = 'Tx' | 'SignedTx';
const encodings: Record<SealedName, WeakMap<object, Uint8Array>> = { Tx: new WeakMap(), SignedTx: new WeakMap() };
const ids = new WeakMap<object, Uint8Array>();
/** The reverse of the Tx encodings: the sealed Tx a remembered encoding (that very array) came from. */
const txOfEncoding = new WeakMap<Uint8Array, Tx>();

function remember(name: SealedName, value: object, bytes: Uint8Array): void {
  encodings[name].set(value, bytes);
  if (name === 'Tx') txOfEncoding.set(bytes, value as Tx);
}

/**
 * The sealed Tx whose remembered encoding is this very array (identity, not equal bytes), if any.
 * Only for decoding trusted records (DecodeOptions.trustedEncoding): the ledger stores an order's
 * encoding as its state record, and reading its window's book back at clearing then costs no
 * decode; a caller that wrote into the array would get the Tx it was made from.
 */
export const sealedTxOfEncoding = (bytes: Uint8Array): Tx | undefined => txOfEncoding.get(bytes);

function deepFreeze(v: unknown): void {
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v) || Object.isFrozen(v)) return;
  for (const x of Object.values(v)) deepFreeze(x);
  Object.freeze(v);
}

/** Freezes `tx` (deeply, byte fields aside): from now on its encoding and id are computed once. */
export function sealTx(tx: Tx): Tx {
  deepFreeze(tx);
  return tx;
}

/**
 * Freezes a SignedTx deeply (its Tx and its witnesses): from now on the encoding of the whole
 * SignedTx is computed once too. A block's tx root, its proposal, its WAL record and its stored
 * bytes each encode every SignedTx of the block; with the Tx alone sealed, each of those still
 * walked the SignedTx and encoded its witnesses afresh.
 */
export function sealSignedTx(stx: SignedTx): SignedTx {
  deepFreeze(stx);
  return stx;
}

/** True when `tx` is sealed (frozen): encode and txId may reuse what they computed. */
export const isSealed = (tx: object): boolean => Object.isFrozen(tx);

/** The remembered canonical encoding of a sealed Tx or SignedTx, if any. */
export const knownEncoding = (name: SealedName, value: object): Uint8Array | undefined => encodings[name].get(value);

/** Remembers a sealed Tx's or SignedTx's canonical encoding (ignored for a value that is not sealed). */
export function rememberEncoding(name: SealedName, value: object, bytes: Uint8Array): void {
  if (Object.isFrozen(value)) remember(name, value, bytes);
}

/** The remembered id of a sealed Tx, if any. */
export const knownTxId = (tx: object): Uint8Array | undefined => ids.get(tx);

/** Remembers a sealed Tx's id (ignored for a Tx that is not sealed). */
export function rememberTxId(tx: object, id: Uint8Array): void {
  if (Object.isFrozen(tx)) ids.set(tx, id);
}

/**
 * The length-delimited fields numbered `field` of a message's bytes, in order, without decoding
 * anything (the schema has varint and length-delimited fields only). The structure is checked
 * (every varint and length within the input: DECODE_TRUNCATED / DECODE_MALFORMED otherwise), the
 * contents are not: for bytes decode has checked, or this program's own records.
 */
export function delimitedFields(buf: Uint8Array, field: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  const c = { pos: 0 };
  while (c.pos < buf.length) {
    const tag = readVarint(buf, c, buf.length, 'message');
    const n = readVarint(buf, c, buf.length, 'message'); // a varint value, or a length
    if (tag % 8 !== 2) continue;
    if (n > buf.length - c.pos)
      throw new LeagError('DECODE_TRUNCATED', `field ${Math.floor(tag / 8)} runs past the end of the input`);
    if (Math.floor(tag / 8) === field) out.push(buf.subarray(c.pos, c.pos + n));
    c.pos += n;
  }
  return out;
}

/**
 * A Block encoding's header bytes (Block.header = 1) and the encoding of each of its txs
 * (Block.txs = 2), in order, without decoding them (a settling block carries one tx with tens of
 * thousands of outputs); a caller checks the txs against the header's tx root.
 */
export const blockSpans = (buf: Uint8Array): { header: Uint8Array; txs: Uint8Array[] } => ({
  header: delimitedFields(buf, 1)[0] ?? new Uint8Array(0),
  txs: delimitedFields(buf, 2),
});

/** The bytes of the Tx inside a SignedTx's checked encoding (empty for an all-default Tx). */
export const txBytesOfSignedTx = (bytes: Uint8Array): Uint8Array => delimitedFields(bytes, 1)[0] ?? new Uint8Array(0);

/**
 * The sealed SignedTx `held` when its remembered encoding is exactly `bytes` (DecodeOptions.heldSignedTx),
 * else undefined.
 */
export function reusableSignedTx(held: object | undefined, bytes: Uint8Array): SignedTx | undefined {
  if (held === undefined || !Object.isFrozen(held)) return undefined;
  const enc = encodings.SignedTx.get(held);
  return enc !== undefined && bytesEqual(enc, bytes) ? (held as SignedTx) : undefined;
}

/**
 * Seals a SignedTx just decoded from `bytes` (its canonical encoding), its Tx with the Tx's own
 * bytes. Both are copies: `bytes` is a view into a larger message (a gossip batch, a block). A
 * SignedTx that already has its encoding (one decode reused, DecodeOptions.heldSignedTx) is left
 * as it is.
 */
export function sealDecodedSignedTx(stx: SignedTx, bytes: Uint8Array): void {
  if (encodings.SignedTx.has(stx)) return;
  const [txBytes] = delimitedFields(bytes, 1); // SignedTx.tx = 1
  sealTx(stx.tx);
  // an all-default Tx is absent from the wire: sealed without bytes, encoded (to nothing) on first use
  if (txBytes !== undefined) remember('Tx', stx.tx, txBytes.slice());
  sealSignedTx(stx);
  remember('SignedTx', stx, bytes.slice());
}

/**
 * Seals a Tx decoded from a trusted record (DecodeOptions.trustedEncoding: bytes this code wrote,
 * e.g. the ledger's state record of an order) with that very array as its encoding: its id is then
 * the hash of those bytes, with no encode, and the next trusted decode of the same array returns
 * this Tx (sealedTxOfEncoding). The array is kept, not copied: a state record is its own array.
 */
export function sealTrustedTx(tx: Tx, bytes: Uint8Array): void {
  sealTx(tx);
  if (bytes.length > 0) remember('Tx', tx, bytes);
}

/** Seals every tx of a Block just decoded from `bytes` (its canonical encoding). */
export function sealDecodedBlockTxs(txs: readonly SignedTx[], bytes: Uint8Array): void {
  const spans = delimitedFields(bytes, 2); // Block.txs = 2
  if (spans.length !== txs.length) return;
  for (let i = 0; i < txs.length; i++) sealDecodedSignedTx(txs[i] as SignedTx, spans[i] as Uint8Array);
}

const holdsTx = new Map<string, boolean>();

function reachesTx(desc: MessageDesc, seen: Set<string>): boolean {
  if (seen.has(desc.name)) return false;
  seen.add(desc.name);
  return desc.fields.some((f) => f.message !== undefined && (f.message.name === 'Tx' || reachesTx(f.message, seen)));
}

/** True when values of `desc` can contain a Tx (at any depth); computed once per type. */
export function containsTx(desc: MessageDesc): boolean {
  let r = holdsTx.get(desc.name);
  if (r === undefined) {
    r = reachesTx(desc, new Set());
    holdsTx.set(desc.name, r);
  }
  return r;
}

/**
 * Seals every Tx inside a decoded value of `desc` (a consensus message carrying a block, ...).
 * With `bytes` (the value's canonical encoding, just checked by decode) each Tx also keeps its
 * own bytes: the spans of a field's elements are read from the wire in order, and a field whose
 * element count differs from its spans is sealed without bytes.
 */
export function sealNestedTxs(desc: MessageDesc, value: unknown, bytes?: Uint8Array): void {
  if (value === null || typeof value !== 'object' || !containsTx(desc)) return;
  const v = value as Record<string, unknown>;
  for (const f of desc.fields) {
    const sub = f.message;
    const x = v[f.name];
    if (sub === undefined || x === undefined || x === null) continue;
    if (sub.name !== 'Tx' && !containsTx(sub)) continue;
    const items = f.repeated && Array.isArray(x) ? x : [x];
    const spans = bytes === undefined ? undefined : delimitedFields(bytes, f.id);
    const lined = spans !== undefined && spans.length === items.length;
    items.forEach((item, i) => {
      const span = lined ? spans[i] : undefined;
      if (sub.name === 'Tx') {
        sealTx(item as Tx);
        if (span !== undefined && span.length > 0) remember('Tx', item as object, span.slice());
      } else {
        if (sub.name === 'SignedTx' && span !== undefined) sealDecodedSignedTx(item as SignedTx, span);
        sealNestedTxs(sub, item, sub.name === 'SignedTx' ? undefined : span);
      }
    });
  }
}
