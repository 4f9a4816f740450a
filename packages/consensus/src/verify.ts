/**
 * Checks of signed consensus objects. Each returns null when valid, or the reason it is not,
 * checking in a fixed order (shape, then membership, then weight, then signatures last because
 * they cost most).
 */
import type { Verifier } from './crypto.js';
import { bytesEqual, voteMessage } from './encoding.js';
import { type Quorum, weightOf } from './quorum.js';
import { type CommitCertificate, type Evidence, Phase, type PreparedProof, type Vote } from './types.js';

export interface VerifyContext {
  readonly chainId: string;
  readonly verifier: Verifier;
  readonly validators: number;
  /** Signature checks to skip (throughput measurements only). */
  readonly trustSignatures?: boolean;
}

export const HASH_BYTES = 32;
const MAX_U64 = (1n << 64n) - 1n;
export const MAX_SIGNATURE_BYTES = 128;

export function voteShapeError(ctx: VerifyContext, v: Vote): string | null {
  if (v.phase !== Phase.PRE_PREPARE && v.phase !== Phase.PREPARE && v.phase !== Phase.COMMIT)
    return `phase ${v.phase} is not a vote`;
  if (!Number.isInteger(v.validator) || v.validator < 0 || v.validator >= ctx.validators) {
    return `validator ${v.validator} is not in 0..${ctx.validators - 1}`;
  }
  if (
    typeof v.view !== 'bigint' ||
    typeof v.height !== 'bigint' ||
    v.view < 0n ||
    v.height < 1n ||
    v.view > MAX_U64 ||
    v.height > MAX_U64
  ) {
    return `view ${v.view} / height ${v.height} out of range`;
  }
  if (v.blockHash.length !== HASH_BYTES) return `block hash has ${v.blockHash.length} bytes, expected ${HASH_BYTES}`;
  if (v.signature.length === 0 || v.signature.length > MAX_SIGNATURE_BYTES)
    return `signature has ${v.signature.length} bytes`;
  return null;
}

export function voteSignatureOk(ctx: VerifyContext, v: Vote): boolean {
  if (ctx.trustSignatures) return true;
  try {
    return ctx.verifier.verify(v.validator, voteMessage(ctx.chainId, v), v.signature);
  } catch {
    return false;
  }
}

/** A full check of one vote: shape and signature. */
export function voteError(ctx: VerifyContext, v: Vote): string | null {
  return voteShapeError(ctx, v) ?? (voteSignatureOk(ctx, v) ? null : `bad signature of validator ${v.validator}`);
}

function votesError(
  ctx: VerifyContext,
  q: Quorum,
  phase: Phase,
  view: bigint,
  height: bigint,
  hash: Uint8Array,
  votes: readonly Vote[],
): string | null {
  if (votes.length > ctx.validators) return `${votes.length} votes for ${ctx.validators} validators`;
  const signers = new Set<number>();
  for (const v of votes) {
    const e = voteShapeError(ctx, v);
    if (e !== null) return e;
    if (v.phase !== phase || v.view !== view || v.height !== height || !bytesEqual(v.blockHash, hash)) {
      return `a vote of validator ${v.validator} is not for (phase ${phase}, view ${view}, height ${height}) and the certified hash`;
    }
    if (signers.has(v.validator)) return `validator ${v.validator} appears twice`;
    signers.add(v.validator);
  }
  const w = weightOf(q, signers);
  if (w < q.quorum) return `weight ${w} is below the quorum ${q.quorum}`;
  for (const v of votes) if (!voteSignatureOk(ctx, v)) return `bad signature of validator ${v.validator}`;
  return null;
}

/** A commit certificate is valid when weight >= Q of distinct, validly signed COMMITs match it. */
export function commitCertificateError(ctx: VerifyContext, q: Quorum, c: CommitCertificate): string | null {
  if (c.blockHash.length !== HASH_BYTES) return `certificate hash has ${c.blockHash.length} bytes`;
  return votesError(ctx, q, Phase.COMMIT, c.view, c.height, c.blockHash, c.commits);
}

/** A prepared proof is valid when weight >= Q of distinct, validly signed PREPAREs match it. */
export function preparedProofError<B>(
  ctx: VerifyContext,
  q: Quorum,
  p: PreparedProof<B>,
  hashBlock: (b: B) => Uint8Array,
): string | null {
  if (p.blockHash.length !== HASH_BYTES) return `proof hash has ${p.blockHash.length} bytes`;
  if (!bytesEqual(hashBlock(p.block), p.blockHash)) return 'proof block does not hash to the proof hash';
  return votesError(ctx, q, Phase.PREPARE, p.view, p.height, p.blockHash, p.prepares);
}

/** Evidence is valid when both votes are validly signed by one validator for one (phase, view, height) and differ in hash. */
export function evidenceError(ctx: VerifyContext, e: Evidence): string | null {
  const { a, b } = e;
  const shape = voteShapeError(ctx, a) ?? voteShapeError(ctx, b);
  if (shape !== null) return shape;
  if (a.validator !== b.validator) return 'the two votes are by different validators';
  if (a.phase !== b.phase || a.view !== b.view || a.height !== b.height)
    return 'the two votes are not for one (phase, view, height)';
  if (bytesEqual(a.blockHash, b.blockHash)) return 'the two votes are for the same block';
  if (!voteSignatureOk(ctx, a) || !voteSignatureOk(ctx, b)) return 'a vote of the evidence has a bad signature';
  return null;
}

/** Canonical evidence key: one piece of evidence per (validator, phase, view, height). */
export function evidenceKey(e: Evidence): string {
  return `${e.a.validator}/${e.a.phase}/${e.a.view}/${e.a.height}`;
}
