/**
 * Signing messages of consensus objects (what ECDSA signs after hashing it with SHA-256).
 * Votes and checkpoints follow core's scheme exactly (signed.ts: domain leag/consensus/v1, chain
 * id, type name, canonical protobuf encoding with the signature empty), so the ledger can check
 * certificates and evidence with core alone. A PrePrepare is signed through its header vote (phase
 * PRE_PREPARE, the block bound by its hash), so a primary's two conflicting proposals are two
 * conflicting votes and make ordinary Evidence. ViewChange and NewView, whose blocks are opaque
 * here, are signed over this package's own length-prefixed encoding (proofs and certificates by
 * their votes, blocks by their hashes), under the same domain with a distinct type name.
 */
import { createHash } from 'node:crypto';
import { DOMAINS, encode, signingMessage, typedPayload } from '@leag/core';
import type { Checkpoint, CommitCertificate, NewView, PrePrepare, PreparedProof, ViewChange, Vote } from './types.js';

export const DOMAIN_TAG = DOMAINS.CONSENSUS;
const EMPTY = new Uint8Array(0);

class Writer {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  private len = 0;
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    bigger.set(this.buf.subarray(0, this.len));
    this.buf = bigger;
    this.view = new DataView(bigger.buffer);
  }
  u8(x: number): this {
    this.room(1);
    this.buf[this.len++] = x & 0xff;
    return this;
  }
  u32(x: number): this {
    this.room(4);
    this.view.setUint32(this.len, x >>> 0);
    this.len += 4;
    return this;
  }
  u64(x: bigint): this {
    this.room(8);
    this.view.setBigUint64(this.len, BigInt.asUintN(64, x));
    this.len += 8;
    return this;
  }
  bytes(b: Uint8Array): this {
    this.u32(b.length);
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }
  str(s: string): this {
    return this.bytes(utf8(s));
  }
  /** A copy of what was written; the writer is reset and returned to the pool. */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.len);
    this.len = 0;
    if (pool.length < 8) pool.push(this);
    return out;
  }
  /** The sha256 of what was written; the writer is reset and returned to the pool. */
  digest(): Uint8Array {
    const d = new Uint8Array(createHash('sha256').update(this.buf.subarray(0, this.len)).digest());
    this.len = 0;
    if (pool.length < 8) pool.push(this);
    return d;
  }
}

const utf8Cache = new Map<string, Uint8Array>();
/** UTF-8 bytes of short, repeated strings (domain tags, chain ids), cached. */
function utf8(s: string): Uint8Array {
  let b = utf8Cache.get(s);
  if (b === undefined) {
    b = new TextEncoder().encode(s);
    if (utf8Cache.size < 64) utf8Cache.set(s, b);
  }
  return b;
}

const pool: Writer[] = [];

function start(): Writer {
  return pool.pop() ?? new Writer();
}

const prefixCache = new Map<string, Uint8Array>();
/**
 * signingMessage(domain, chainId, typedPayload(type, x)) is prefix(type, chainId) ‖ x, so the
 * prefix is computed once per (type, chain) (tests check equality with core's messageSigningBytes).
 */
function typedPrefix(typeName: 'Vote' | 'Checkpoint', chainId: string): Uint8Array {
  const k = `${typeName}/${chainId}`;
  let p = prefixCache.get(k);
  if (p === undefined) {
    p = signingMessage(DOMAINS.CONSENSUS, chainId, typedPayload(typeName, EMPTY));
    if (prefixCache.size < 64) prefixCache.set(k, p);
  }
  return p;
}

function concat2(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The message a vote's signer signs (phase PRE_PREPARE for a proposal header): core's scheme. */
export function voteMessage(chainId: string, v: Omit<Vote, 'signature'>): Uint8Array {
  const unsigned: Vote = {
    phase: v.phase,
    view: v.view,
    height: v.height,
    blockHash: v.blockHash,
    validator: v.validator,
    signature: EMPTY,
  };
  return concat2(typedPrefix('Vote', chainId), encode('Vote', unsigned));
}

/** The header vote that carries a PrePrepare's signature. */
export function prePrepareVote<B>(p: PrePrepare<B>): Vote {
  return {
    phase: 1,
    view: p.view,
    height: p.height,
    blockHash: p.blockHash,
    validator: p.validator,
    signature: p.signature,
  };
}

export function checkpointMessage(chainId: string, c: Omit<Checkpoint, 'signature'>): Uint8Array {
  const unsigned: Checkpoint = {
    height: c.height,
    stateDigest: c.stateDigest,
    validator: c.validator,
    signature: EMPTY,
  };
  return concat2(typedPrefix('Checkpoint', chainId), encode('Checkpoint', unsigned));
}

function writeVotes(w: Writer, votes: readonly Vote[]): void {
  w.u32(votes.length);
  for (const v of votes) w.u8(v.phase).u64(v.view).u64(v.height).bytes(v.blockHash).u32(v.validator).bytes(v.signature);
}

function writeCert(w: Writer, c: CommitCertificate | null | undefined): void {
  if (c === null || c === undefined) {
    w.u8(0);
    return;
  }
  w.u8(1).u64(c.view).u64(c.height).bytes(c.blockHash);
  writeVotes(w, c.commits);
}

function writeProof<B>(w: Writer, p: PreparedProof<B>): void {
  w.u64(p.view).u64(p.height).bytes(p.blockHash);
  writeVotes(w, p.prepares);
}

export function viewChangeMessage<B>(chainId: string, vc: Omit<ViewChange<B>, 'signature'>): Uint8Array {
  const w = start().u64(vc.newView).u64(vc.stableHeight);
  writeCert(w, vc.checkpointProof);
  w.u32(vc.prepared.length);
  for (const p of vc.prepared) writeProof(w, p);
  w.u32(vc.validator);
  return signingMessage(DOMAINS.CONSENSUS, chainId, typedPayload('leag.consensus.ViewChange.v1', w.take()));
}

export function newViewMessage<B>(chainId: string, nv: Omit<NewView<B>, 'signature'>): Uint8Array {
  const w = start().u64(nv.view).u32(nv.viewChanges.length);
  for (const vc of nv.viewChanges) w.bytes(sha256(viewChangeMessage(chainId, vc))).bytes(vc.signature);
  w.u32(nv.prePrepares.length);
  for (const p of nv.prePrepares) w.u64(p.view).u64(p.height).bytes(p.blockHash).u32(p.validator).bytes(p.signature);
  w.u32(nv.validator);
  return signingMessage(DOMAINS.CONSENSUS, chainId, typedPayload('leag.consensus.NewView.v1', w.take()));
}

/** Digest of the state at a checkpoint: the block hash and the credit table that follows it. */
export function stateDigest(blockHash: Uint8Array, creditTableHash: Uint8Array): Uint8Array {
  return new Writer().str('leag/checkpoint-state/v1').bytes(blockHash).bytes(creditTableHash).digest();
}

/** Hash of a credit table (credits in validator order). */
export function creditTableHash(credits: readonly number[]): Uint8Array {
  const w = new Writer().str('leag/credit-table/v1').u32(credits.length);
  for (const c of credits) w.u32(c);
  return w.digest();
}

export function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Digest of a commit certificate (for blocks that embed one and for tests). */
export function certificateDigest(chainId: string, c: CommitCertificate | null): Uint8Array {
  const w = start().str(DOMAIN_TAG).str(chainId).u8(7);
  writeCert(w, c);
  return w.digest();
}
