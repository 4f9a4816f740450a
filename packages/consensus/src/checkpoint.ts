/**
 * Checkpoints every K heights: the node signs (height, digest of block hash and credit table).
 * Weight >= Q of matching checkpoints makes the height stable: the low watermark moves up and
 * older logs are dropped. Checkpoints for heights this node has not reached tell it to catch up.
 */
import type { ReplicaCore } from './core.js';
import { checkpointMessage, hex, stateDigest } from './encoding.js';
import { weightOf } from './quorum.js';
import { type Checkpoint, Phase } from './types.js';
import { HASH_BYTES, MAX_SIGNATURE_BYTES } from './verify.js';

export function sendCheckpoint<B>(r: ReplicaCore<B>, height: bigint, blockHash: Uint8Array): void {
  // The table this block fixes: the one of the epoch after next (epochs.ts).
  const next = r.schedule.at(height + 1n + BigInt(r.p.checkpointInterval));
  if (next === undefined) return;
  const digest = stateDigest(blockHash, next.creditHash);
  r.myCheckpoints.set(height, digest);
  for (const h of [...r.myCheckpoints.keys()]) if (h + BigInt(r.p.watermarkWindow) < height) r.myCheckpoints.delete(h);
  const unsigned = { height, stateDigest: digest, validator: r.me };
  const c: Checkpoint = { ...unsigned, signature: r.deps.signer.sign(checkpointMessage(r.p.chainId, unsigned)) };
  r.emit({ kind: 'checkpoint', msg: c }, Phase.CHECKPOINT, 0n, height, digest);
}

export function checkpointError<B>(r: ReplicaCore<B>, c: Checkpoint): string | null {
  if (!Number.isInteger(c.validator) || c.validator < 0 || c.validator >= r.p.validators) return 'unknown validator';
  if (
    typeof c.height !== 'bigint' ||
    c.height < 1n ||
    c.height >= 1n << 64n ||
    c.height % BigInt(r.p.checkpointInterval) !== 0n
  ) {
    return 'not a checkpoint height';
  }
  if (c.stateDigest.length !== HASH_BYTES) return 'bad digest length';
  if (c.signature.length === 0 || c.signature.length > MAX_SIGNATURE_BYTES) return 'bad signature length';
  return null;
}

export function onCheckpoint<B>(r: ReplicaCore<B>, c: Checkpoint, trusted: boolean): void {
  if (checkpointError(r, c) !== null) return;
  if (c.height <= r.stable) return;
  const beyond = c.height > r.stable + BigInt(r.p.watermarkWindow);
  if (beyond && c.height <= (r.aheadSeen.get(c.validator) ?? 0n)) return;
  let at = r.checkpoints.get(c.height);
  if (at?.has(c.validator)) return;
  if (!trusted && !r.ctx.trustSignatures) {
    const { signature, ...unsigned } = c;
    let ok = false;
    try {
      ok = r.ctx.verifier.verify(c.validator, checkpointMessage(r.p.chainId, unsigned), signature);
    } catch {
      ok = false;
    }
    if (!ok) return;
  }
  if (beyond) {
    noteAhead(r, c.validator, c.height);
    return;
  }
  if (at === undefined) {
    at = new Map();
    r.checkpoints.set(c.height, at);
  }
  at.set(c.validator, c);
  if (c.height > r.height) {
    noteAhead(r, c.validator, c.height);
    return;
  }
  tryStable(r, c.height);
}

/** Makes `height` stable when weight >= Q signed the digest this node computed for it. */
export function tryStable<B>(r: ReplicaCore<B>, height: bigint): void {
  const mine = r.myCheckpoints.get(height);
  const at = r.checkpoints.get(height);
  const e = r.schedule.at(height);
  if (mine === undefined || at === undefined || e === undefined) return;
  const k = hex(mine);
  const signers = [...at.values()].filter((c) => hex(c.stateDigest) === k).map((c) => c.validator);
  if (weightOf(e.quorum, signers) < e.quorum.quorum) return;
  r.stable = height;
  for (const h of [...r.checkpoints.keys()]) if (h <= height) r.checkpoints.delete(h);
  for (const h of [...r.myCheckpoints.keys()]) if (h < height) r.myCheckpoints.delete(h);
}

/**
 * Records that `validator` sent a valid message for `height` (> this node's next height). When
 * weight >= F + 1 did, at least one honest validator is ahead: the node asks to catch up.
 */
export function noteAhead<B>(r: ReplicaCore<B>, validator: number, height: bigint): void {
  const prev = r.aheadSeen.get(validator) ?? 0n;
  if (height > prev) r.aheadSeen.set(validator, height);
  if (r.syncing) return;
  const next = r.height + 1n;
  const ahead = [...r.aheadSeen].filter(([, h]) => h > next).map(([v]) => v);
  const q = r.epoch.quorum;
  if (weightOf(q, ahead) >= q.oneHonest) requestSync(r);
}

export function requestSync<B>(r: ReplicaCore<B>): void {
  if (r.syncing) return;
  r.syncing = true;
  r.out.push({ type: 'requestSync', fromHeight: r.height + 1n });
  r.setTimer({ kind: 'sync', view: r.view, height: r.height + 1n }, r.p.syncRetryMs);
}
