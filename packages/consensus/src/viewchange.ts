/**
 * View change and new view (Castro-Liskov, weighted). With one block in flight, a view change
 * carries the sender's last committed height with its commit certificate and at most one
 * prepared proof (for the next height). The new primary picks H = the highest committed height in
 * its set; the new view decides H + 1, re-proposing the highest-view prepared block for H + 1 if
 * any. The set must weigh >= Q under the weights of H + 1's epoch and of the next epoch
 * (docs/consensus.md: this is what keeps a weight change at an epoch boundary safe).
 */

import { noteAhead, requestSync } from './checkpoint.js';
import type { ReplicaCore } from './core.js';
import { newViewMessage, prePrepareVote, sha256, viewChangeMessage } from './encoding.js';
import { enterSlot } from './normal.js';
import { weightOf } from './quorum.js';
import { type NewView, Phase, type PrePrepare, type PreparedProof, type ViewChange } from './types.js';
import { commitCertificateError, preparedProofError, voteError } from './verify.js';

export function startViewChange<B>(r: ReplicaCore<B>, target: bigint): void {
  if (target < r.view || (target === r.view && r.inViewChange)) return;
  r.view = target;
  r.inViewChange = true;
  r.vcTimerArmed = false;
  r.failedViews++;
  r.out.push({ type: 'cancelTimer', kind: 'view' });
  for (const v of [...r.slots.keys()]) if (v + 4n < target) r.slots.delete(v);
  const unsigned = {
    newView: target,
    stableHeight: r.height,
    checkpointProof: r.lastCert ?? undefined,
    prepared: r.prepared !== null && r.prepared.height === r.height + 1n ? [r.prepared] : [],
    validator: r.me,
  };
  const message = viewChangeMessage(r.p.chainId, unsigned);
  const digest = sha256(message);
  const vc: ViewChange<B> = { ...unsigned, signature: r.deps.signer.sign(message) };
  if (r.emit({ kind: 'viewChange', msg: vc }, Phase.VIEW_CHANGE, target, 0n, digest, { viewChange: vc }))
    r.myViewChange = vc;
  // Until a quorum asks for the target view, the timer only re-sends this view change (lost
  // messages); once one does, it moves on to the next view (afterViewChanges).
  r.armViewTimer();
}

/** View timer while changing view: re-send ours without a quorum, else give up on the target. */
export function onViewChangeTimeout<B>(r: ReplicaCore<B>): void {
  if (!r.vcTimerArmed && r.myViewChange !== null && r.myViewChange.newView === r.view) {
    r.out.push({ type: 'broadcast', message: { kind: 'viewChange', msg: r.myViewChange } });
    r.armViewTimer();
    return;
  }
  startViewChange(r, r.view + 1n);
}

/** 'ok', 'unknown' (an epoch this node cannot judge yet), or why the content is invalid. */
export function viewChangeContent<B>(r: ReplicaCore<B>, vc: ViewChange<B>): string {
  if (vc.prepared.length > 1) return 'more than one prepared proof';
  if (vc.stableHeight > 0n) {
    const cert = vc.checkpointProof;
    if (cert === undefined || cert === null || cert.height !== vc.stableHeight)
      return 'missing or mismatched certificate';
    const e = r.schedule.at(vc.stableHeight);
    if (e === undefined) return 'unknown';
    const err = commitCertificateError(r.ctx, e.quorum, cert);
    if (err !== null) return err;
  } else if (vc.checkpointProof !== undefined && vc.checkpointProof !== null) return 'certificate at height 0';
  const proof = vc.prepared[0];
  if (proof !== undefined) {
    if (proof.height !== vc.stableHeight + 1n || proof.view >= vc.newView) return 'proof for the wrong height or view';
    const e = r.schedule.at(proof.height);
    if (e === undefined) return 'unknown';
    const err = preparedProofError(r.ctx, e.quorum, proof, r.deps.hashBlock);
    if (err !== null) return err;
  }
  return 'ok';
}

function vcSignatureOk<B>(r: ReplicaCore<B>, vc: ViewChange<B>): boolean {
  if (r.ctx.trustSignatures) return true;
  const { signature, ...unsigned } = vc;
  return r.ctx.verifier.verify(vc.validator, viewChangeMessage(r.p.chainId, unsigned), signature);
}

export function onViewChange<B>(r: ReplicaCore<B>, vc: ViewChange<B>, trusted: boolean): void {
  if (!Number.isInteger(vc.validator) || vc.validator < 0 || vc.validator >= r.p.validators) return;
  // No upper bound on the view: one view change per validator is kept, so memory stays bounded,
  // and a node left far behind in views must still be able to join (weight >= F + 1).
  if (vc.newView < r.view || vc.stableHeight < 0n) return;
  const old = r.viewChanges.get(vc.validator);
  if (old !== undefined && old.vc.newView >= vc.newView) return;
  if (!trusted && !vcSignatureOk(r, vc)) return;
  const content = trusted ? 'ok' : viewChangeContent(r, vc);
  if (content !== 'ok' && content !== 'unknown') return;
  r.viewChanges.set(vc.validator, { vc, verified: content === 'ok' });
  if (vc.stableHeight > r.height) noteAhead(r, vc.validator, vc.stableHeight + 1n);
  joinRule(r);
  afterViewChanges(r);
}

/** Weight >= F + 1 asks for views above ours: move to the smallest of them (PBFT's join rule). */
function joinRule<B>(r: ReplicaCore<B>): void {
  const q = r.epoch.quorum;
  const above = [...r.viewChanges.values()].filter((x) => x.vc.newView > r.view);
  if (
    above.length === 0 ||
    weightOf(
      q,
      above.map((x) => x.vc.validator),
    ) < q.oneHonest
  )
    return;
  let smallest = above[0]!.vc.newView;
  for (const x of above) if (x.vc.newView < smallest) smallest = x.vc.newView;
  r.startViewChange(smallest);
}

/** Arms the view-change timer once a quorum wants the target view, and tries to build the NewView. */
export function afterViewChanges<B>(r: ReplicaCore<B>): void {
  if (!r.inViewChange) return;
  // After a restart our own view change is known only from the guard's records.
  const mine = r.myViewChange;
  if (mine !== null && mine.newView === r.view && (r.viewChanges.get(r.me)?.vc.newView ?? -1n) < mine.newView) {
    r.viewChanges.set(r.me, { vc: mine, verified: true });
  }
  const q = r.epoch.quorum;
  // Validators asking for the target view or a later one have all left the views below it.
  const forTarget = [...r.viewChanges.values()].filter((x) => x.vc.newView >= r.view).map((x) => x.vc.validator);
  if (!r.vcTimerArmed && weightOf(q, forTarget) >= q.quorum) {
    r.vcTimerArmed = true;
    r.armViewTimer();
  }
  tryNewView(r);
}

interface Decision<B> {
  H: bigint;
  best: PreparedProof<B> | null;
}

/** H and the block to re-propose, for a set of view changes; null when the set is not a quorum. */
function decide<B>(r: ReplicaCore<B>, set: readonly ViewChange<B>[]): Decision<B> | null {
  if (set.length === 0) return null;
  let H = 0n;
  for (const vc of set) if (vc.stableHeight > H) H = vc.stableHeight;
  const e1 = r.schedule.at(H + 1n);
  const e2 = r.schedule.at(H + 1n + BigInt(r.p.checkpointInterval));
  if (e1 === undefined || e2 === undefined) return null;
  const who = set.map((vc) => vc.validator);
  if (weightOf(e1.quorum, who) < e1.quorum.quorum || weightOf(e2.quorum, who) < e2.quorum.quorum) return null;
  let best: PreparedProof<B> | null = null;
  for (const vc of set) {
    const p = vc.prepared[0];
    if (p !== undefined && p.height === H + 1n && (best === null || p.view > best.view)) best = p;
  }
  return { H, best };
}

function tryNewView<B>(r: ReplicaCore<B>): void {
  const target = r.view;
  const set = [...r.viewChanges.values()]
    .filter((x) => x.verified && x.vc.newView === target)
    .map((x) => x.vc)
    .sort((a, b) => a.validator - b.validator);
  const d = decide(r, set);
  if (d === null) return;
  if (d.H > r.height) {
    requestSync(r);
    return;
  }
  if (r.primary(target, d.H + 1n) !== r.me || r.guard.check(Phase.NEW_VIEW, target, 0n, new Uint8Array(32)) !== 'new')
    return;
  const prePrepares: PrePrepare<B>[] = [];
  if (d.best !== null) {
    const h = r.signVote(Phase.PRE_PREPARE, target, d.H + 1n, d.best.blockHash);
    if (r.guard.check(Phase.PRE_PREPARE, target, d.H + 1n, d.best.blockHash) === 'conflict') return;
    r.out.push({ type: 'persist', record: r.guard.record(Phase.PRE_PREPARE, target, d.H + 1n, d.best.blockHash) });
    prePrepares.push({
      view: target,
      height: d.H + 1n,
      blockHash: d.best.blockHash,
      block: d.best.block,
      validator: r.me,
      signature: h.signature,
    });
  }
  const unsigned = { view: target, viewChanges: set, prePrepares, validator: r.me };
  const message = newViewMessage(r.p.chainId, unsigned);
  const digest = sha256(message);
  const nv: NewView<B> = { ...unsigned, signature: r.deps.signer.sign(message) };
  r.emit({ kind: 'newView', msg: nv }, Phase.NEW_VIEW, target, 0n, digest);
}

/** Full check of a NewView; returns its decision, 'behind' when this node must catch up first, or null. */
function checkNewView<B>(r: ReplicaCore<B>, nv: NewView<B>, trusted: boolean): Decision<B> | 'behind' | null {
  if (nv.viewChanges.length > r.p.validators || nv.prePrepares.length > 1) return null;
  const seen = new Set<number>();
  for (const vc of nv.viewChanges) {
    if (vc.newView !== nv.view || seen.has(vc.validator) || vc.validator < 0 || vc.validator >= r.p.validators)
      return null;
    seen.add(vc.validator);
  }
  let H = 0n;
  for (const vc of nv.viewChanges) if (vc.stableHeight > H) H = vc.stableHeight;
  if (!trusted) {
    if (!Number.isInteger(nv.validator) || nv.validator < 0 || nv.validator >= r.p.validators) return null;
    const { signature, ...unsigned } = nv;
    if (
      !r.ctx.trustSignatures &&
      !r.ctx.verifier.verify(nv.validator, newViewMessage(r.p.chainId, unsigned), signature)
    ) {
      return null;
    }
  }
  if (H > r.height) return 'behind';
  if (!trusted) {
    if (nv.validator !== r.primary(nv.view, H + 1n)) return null;
    for (const vc of nv.viewChanges) if (!vcSignatureOk(r, vc) || viewChangeContent(r, vc) !== 'ok') return null;
  }
  const d = decide(r, nv.viewChanges);
  if (d === null) return null;
  const pp = nv.prePrepares[0];
  if (d.best === null) return pp === undefined ? d : null;
  if (pp === undefined || pp.view !== nv.view || pp.height !== d.H + 1n || pp.validator !== nv.validator) return null;
  if (!r.sameHash(pp.blockHash, d.best.blockHash) || !r.sameHash(r.deps.hashBlock(pp.block), pp.blockHash)) return null;
  if (!trusted && voteError(r.ctx, prePrepareVote(pp)) !== null) return null;
  return d;
}

export function onNewView<B>(r: ReplicaCore<B>, nv: NewView<B>, trusted: boolean): void {
  if (nv.view < r.view || (nv.view === r.view && !r.inViewChange)) return;
  const d = checkNewView(r, nv, trusted);
  if (d === null) return;
  if (d === 'behind') {
    if (r.pendingNewView === null || r.pendingNewView.view < nv.view) r.pendingNewView = nv;
    requestSync(r);
    return;
  }
  r.pendingNewView = null;
  r.view = nv.view;
  r.inViewChange = false;
  r.vcTimerArmed = false;
  for (const [k, x] of r.viewChanges) if (x.vc.newView <= nv.view) r.viewChanges.delete(k);
  for (const v of [...r.slots.keys()]) if (v + 4n < nv.view) r.slots.delete(v);
  const pp = nv.prePrepares[0];
  if (pp !== undefined && pp.height === r.height + 1n) {
    const s = r.slot(nv.view);
    s.required = pp.blockHash;
    if (s.prePrepare === null || !r.sameHash(s.prePrepare.blockHash, pp.blockHash)) s.prePrepare = pp;
    s.accepted = true;
  }
  enterSlot(r);
}

/** After catching up, a NewView that was waiting for this node may now apply. */
export function retryPendingNewView<B>(r: ReplicaCore<B>): void {
  const nv = r.pendingNewView;
  if (nv === null) return;
  r.pendingNewView = null;
  onNewView(r, nv, false);
}
