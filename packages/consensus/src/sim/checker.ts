/**
 * The invariant checker (testing.md 1, 2, 8, 9, 10, 11, and 12 as memory bounds), watching every
 * honest node during a run, plus liveness at the end.
 */

import { FUTURE_PER_VALIDATOR } from '../core.js';
import { bytesEqual, certificateDigest, hex, newViewMessage, sha256, viewChangeMessage } from '../encoding.js';
import { type CommitCertificate, type ConsensusMessage, type Evidence, Phase } from '../types.js';
import { commitCertificateError, evidenceError } from '../verify.js';
import type { SimBlock } from './block.js';
import type { SimNode } from './node.js';
import type { Observer, World } from './world.js';

const MAX_VIOLATIONS = 20;
const MAX_GUARD_RECORDS = 4096;

export class Checker implements Observer {
  readonly violations: string[] = [];
  private world!: World;
  private readonly hashAt = new Map<bigint, string>();
  private readonly epochAt = new Map<bigint, string>();
  private readonly last = new Map<number, { height: bigint; hash: Uint8Array }>();
  private readonly signed = new Map<string, string>();
  private readonly maxSignedView = new Map<number, bigint>();
  /** Accused validator -> honest nodes holding evidence against it (a crash forgets it). */
  private readonly evidenceSeen = new Map<number, Set<number>>();
  readonly committedAccused = new Set<number>();
  /** First commit time of each height (any honest node). */
  readonly commitTime = new Map<bigint, number>();
  private handles = 0;
  private readonly certsChecked = new Set<string>();

  attach(world: World): void {
    this.world = world;
  }

  private fail(msg: string): void {
    if (this.violations.length < MAX_VIOLATIONS) this.violations.push(`t=${this.world.queue.now}: ${msg}`);
  }

  onBoot(node: SimNode): void {
    if (!node.honest) return;
    // Pending evidence is not persisted: a restarted node no longer holds what it had seen.
    for (const by of this.evidenceSeen.values()) by.delete(node.id);
    const st = node.replica.status();
    const prev = this.last.get(node.id)?.height ?? 0n;
    if (st.height < prev)
      this.fail(`inv 11: node ${node.id} restarted at height ${st.height} below its committed ${prev}`);
    const mv = this.maxSignedView.get(node.id) ?? 0n;
    if (st.view < mv)
      this.fail(`inv 11: node ${node.id} restarted in view ${st.view} below its last signed view ${mv}`);
  }

  afterHandle(node: SimNode): void {
    if (!node.honest || ++this.handles % 64 !== 0) return;
    const st = node.replica.status();
    const n = this.world.params.validators;
    if (st.bufferedMessages > n * FUTURE_PER_VALIDATOR)
      this.fail(`inv 12: node ${node.id} buffers ${st.bufferedMessages} messages`);
    if (st.guardRecords > MAX_GUARD_RECORDS)
      this.fail(`inv 12: node ${node.id} keeps ${st.guardRecords} guard records`);
  }

  private noteSigned(node: SimNode, phase: number, view: bigint, height: bigint, digest: Uint8Array): void {
    const k = `${node.id}/${phase}/${view}/${height}`;
    const d = hex(digest);
    const old = this.signed.get(k);
    if (old !== undefined && old !== d)
      this.fail(
        `inv 8: honest node ${node.id} signed two messages for (phase ${phase}, view ${view}, height ${height})`,
      );
    this.signed.set(k, d);
    if (view > (this.maxSignedView.get(node.id) ?? 0n)) this.maxSignedView.set(node.id, view);
  }

  onSend(node: SimNode, m: ConsensusMessage<SimBlock>): void {
    if (!node.honest || m.msg.validator !== node.id) return;
    const chainId = this.world.params.chainId;
    switch (m.kind) {
      case 'vote':
        this.noteSigned(node, m.msg.phase, m.msg.view, m.msg.height, m.msg.blockHash);
        return;
      case 'prePrepare':
        this.noteSigned(node, Phase.PRE_PREPARE, m.msg.view, m.msg.height, m.msg.blockHash);
        return;
      case 'checkpoint':
        this.noteSigned(node, Phase.CHECKPOINT, 0n, m.msg.height, m.msg.stateDigest);
        return;
      case 'viewChange':
        this.noteSigned(node, Phase.VIEW_CHANGE, m.msg.newView, 0n, sha256(viewChangeMessage(chainId, m.msg)));
        return;
      case 'newView':
        this.noteSigned(node, Phase.NEW_VIEW, m.msg.view, 0n, sha256(newViewMessage(chainId, m.msg)));
        for (const pp of m.msg.prePrepares) this.noteSigned(node, Phase.PRE_PREPARE, pp.view, pp.height, pp.blockHash);
        return;
    }
  }

  onCommit(node: SimNode, height: bigint, hash: Uint8Array, block: SimBlock, cert: CommitCertificate): void {
    if (!node.honest) return;
    const prev = this.last.get(node.id) ?? { height: 0n, hash: this.world.genesisHash };
    if (height !== prev.height + 1n)
      this.fail(`inv 11: node ${node.id} committed height ${height} after ${prev.height}`);
    if (!bytesEqual(block.parentHash, prev.hash))
      this.fail(`inv 2: node ${node.id} block ${height} does not link to its parent`);
    this.last.set(node.id, { height, hash });
    const h = hex(hash);
    const first = this.hashAt.get(height);
    if (first === undefined) {
      this.hashAt.set(height, h);
      this.commitTime.set(height, this.world.queue.now);
    } else if (first !== h) this.fail(`inv 1: fork at height ${height} (node ${node.id})`);
    const e = node.replica.epochAt(height);
    if (e === undefined) this.fail(`inv 10: node ${node.id} has no epoch table for height ${height}`);
    else {
      const ctx = {
        chainId: this.world.params.chainId,
        verifier: this.world.keys,
        validators: this.world.params.validators,
      };
      if (cert.height !== height || !bytesEqual(cert.blockHash, hash))
        this.fail(`inv 2: certificate of ${height} is for another block`);
      // Each distinct certificate is verified once (nodes mostly commit with the same votes).
      const ck = hex(certificateDigest(ctx.chainId, cert));
      if (!this.certsChecked.has(ck)) {
        this.certsChecked.add(ck);
        const err = commitCertificateError(ctx, e.quorum, cert);
        if (err !== null) this.fail(`inv 2: node ${node.id} certificate of ${height}: ${err}`);
      }
      const k = `${hex(e.creditHash)}/${e.quorum.weights.join(',')}/${e.order.join(',')}`;
      const ek = this.epochAt.get(height);
      if (ek === undefined) this.epochAt.set(height, k);
      else if (ek !== k)
        this.fail(`inv 10: node ${node.id} credit/weights at height ${height} differ from another node's`);
    }
    for (const ev of block.evidence) {
      const accused = ev.a.validator;
      if (this.world.nodes[accused]?.honest) this.fail(`inv 9: honest node ${accused} accused by committed evidence`);
      this.committedAccused.add(accused);
    }
  }

  onEvidence(node: SimNode, e: Evidence): void {
    if (!node.honest) return;
    const ctx = {
      chainId: this.world.params.chainId,
      verifier: this.world.keys,
      validators: this.world.params.validators,
    };
    if (evidenceError(ctx, e) !== null) this.fail(`inv 9: node ${node.id} emitted invalid evidence`);
    const accused = e.a.validator;
    if (this.world.nodes[accused]?.honest) this.fail(`inv 9: honest node ${accused} accused by node ${node.id}`);
    let by = this.evidenceSeen.get(accused);
    if (by === undefined) {
      by = new Set();
      this.evidenceSeen.set(accused, by);
    }
    by.add(node.id);
  }

  /** Evidence seen by honest nodes that is not on chain yet. */
  evidencePending(): number {
    let k = 0;
    for (const [a, by] of this.evidenceSeen) if (by.size > 0 && !this.committedAccused.has(a)) k++;
    return k;
  }

  /** End-of-run checks: liveness and evidence on chain. */
  finish(targetHeight: number): void {
    for (const n of this.world.honestNodes()) {
      if (!n.alive) continue;
      if (n.height < BigInt(targetHeight))
        this.fail(`liveness: node ${n.id} at height ${n.height} < ${targetHeight} after the faults healed`);
    }
    for (const [a, by] of this.evidenceSeen) {
      if (by.size > 0 && !this.committedAccused.has(a)) {
        this.fail(`inv 9: equivocation of node ${a} was seen by nodes ${[...by]} but never committed as evidence`);
      }
    }
  }
}
