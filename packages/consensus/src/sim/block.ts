/**
 * The simulation's stand-in for the ledger's blocks: enough to link blocks, carry the parent's
 * commit certificate and evidence, and be valid or not. Hashing goes through certificateDigest,
 * so a block commits to exactly the certificate it carries.
 */
import { bytesEqual, certificateDigest, sha256 } from '../encoding.js';
import type { Quorum } from '../quorum.js';
import type { BlockConsensusData, CommitCertificate, Evidence } from '../types.js';
import { commitCertificateError, evidenceError, evidenceKey, type VerifyContext } from '../verify.js';

export interface SimBlock {
  height: bigint;
  parentHash: Uint8Array;
  parentCert: CommitCertificate | null;
  evidence: Evidence[];
  proposer: number;
  payload: number;
  /** A byzantine proposer's invalid block (stands for any ledger rule it breaks). */
  invalid: boolean;
}

export function hashSimBlock(chainId: string, b: SimBlock): Uint8Array {
  const enc = new TextEncoder();
  const ev = enc.encode(b.evidence.map(evidenceKey).join(','));
  const head = enc.encode(`${b.height}/${b.proposer}/${b.payload}/${b.invalid ? 1 : 0}`);
  return sha256(head, b.parentHash, certificateDigest(chainId, b.parentCert), ev);
}

export function inspectSimBlock(b: SimBlock): BlockConsensusData {
  return { parentCert: b.parentCert, evidence: b.evidence };
}

/** The ledger's check of a proposal, as the simulation models it; null when valid. */
export function validateSimBlock(
  ctx: VerifyContext,
  b: SimBlock,
  expectHeight: bigint,
  parentHash: Uint8Array,
  parentQuorum: Quorum | undefined,
): string | null {
  if (b.invalid) return 'block breaks a ledger rule';
  if (b.height !== expectHeight) return `height ${b.height}, expected ${expectHeight}`;
  if (!bytesEqual(b.parentHash, parentHash)) return 'wrong parent';
  if (expectHeight === 1n) {
    if (b.parentCert !== null) return 'certificate at height 1';
  } else {
    const c = b.parentCert;
    if (c === null || parentQuorum === undefined) return 'missing parent certificate';
    if (c.height !== expectHeight - 1n || !bytesEqual(c.blockHash, parentHash))
      return 'certificate is not for the parent';
    const e = commitCertificateError(ctx, parentQuorum, c);
    if (e !== null) return `bad parent certificate: ${e}`;
  }
  if (b.evidence.length > 64) return 'too much evidence';
  for (const e of b.evidence) if (evidenceError(ctx, e) !== null) return 'invalid evidence';
  return null;
}
