/**
 * A simulated validator: the driver ("reactor") around one Replica. It carries out the actions in
 * order (persist and commit to its in-memory disk, sends through the simulated network, timers on
 * the event queue), answers proposal and validation requests like the ledger would, and serves
 * catch-up requests from its committed chain. Its disk survives a crash; everything else does not.
 */
import type { CommittedBlock } from '../core.js';
import { isPrunable, type SignedRecord } from '../guard.js';
import type { Action, Input, TimerKind } from '../io.js';
import { Replica } from '../replica.js';
import type { CommitCertificate, ConsensusMessage, Evidence } from '../types.js';
import { hashSimBlock, inspectSimBlock, type SimBlock, validateSimBlock } from './block.js';
import type { World } from './world.js';

export type NetMessage =
  | { kind: 'consensus'; m: ConsensusMessage<SimBlock> }
  | { kind: 'syncReq'; from: bigint }
  | { kind: 'syncResp'; blocks: { block: SimBlock; cert: CommitCertificate }[] }
  | { kind: 'evidence'; evidence: Evidence };

/** Blocks per catch-up answer. */
const SYNC_BATCH = 32;

export class SimNode {
  replica!: Replica<SimBlock>;
  alive = true;
  readonly disk: { records: SignedRecord[]; chain: CommittedBlock<SimBlock>[] } = { records: [], chain: [] };
  private readonly timerGen: Record<TimerKind, number> = { view: 0, sync: 0 };
  private incarnation = 0;
  /** Set when the next action list must be cut short (a crash at a fail point). */
  crashMidActions = false;
  payloadCounter = 0;

  constructor(
    readonly id: number,
    readonly world: World,
  ) {}

  get honest(): boolean {
    return true;
  }

  /** Starts (or restarts, from the disk) the replica. */
  boot(): void {
    const w = this.world;
    const restore =
      this.disk.chain.length > 0 || this.disk.records.length > 0
        ? { signed: this.disk.records, chain: this.disk.chain }
        : undefined;
    this.replica = new Replica<SimBlock>(w.params, this.deps(), w.genesisHash, restore);
    this.alive = true;
    this.incarnation++;
    this.timerGen.view++;
    this.timerGen.sync++;
    w.observer.onBoot(this);
    this.input({ type: 'start' });
  }

  protected deps() {
    const w = this.world;
    return {
      signer: w.keys.signer(this.id),
      verifier: w.keys,
      hashBlock: (b: SimBlock) => hashSimBlock(w.params.chainId, b),
      inspect: inspectSimBlock,
    };
  }

  crash(): void {
    this.alive = false;
    this.incarnation++;
  }

  get height(): bigint {
    return BigInt(this.disk.chain.length);
  }

  lastHash(): Uint8Array {
    return this.disk.chain.at(-1)?.blockHash ?? this.world.genesisHash;
  }

  input(i: Input<SimBlock>): void {
    if (!this.alive) return;
    const actions = this.replica.handle(i);
    this.world.observer.afterHandle(this);
    this.execute(actions);
  }

  execute(actions: Action<SimBlock>[]): void {
    let limit = actions.length;
    if (this.crashMidActions && actions.length > 0) {
      limit = this.world.prng.int(0, actions.length - 1);
      this.crashMidActions = false;
      this.alive = false;
      this.incarnation++;
    }
    for (let i = 0; i < limit; i++) this.act(actions[i]!);
  }

  /** Carries out one action; byzantine nodes override to misbehave. */
  protected act(a: Action<SimBlock>): void {
    const w = this.world;
    switch (a.type) {
      case 'persist':
        this.disk.records.push(a.record);
        return;
      case 'broadcast':
        w.observer.onSend(this, a.message);
        w.broadcast(this.id, { kind: 'consensus', m: a.message });
        return;
      case 'send':
        w.observer.onSend(this, a.message);
        w.send(this.id, a.to, { kind: 'consensus', m: a.message });
        return;
      case 'commit':
        this.disk.chain.push({ height: a.height, blockHash: a.blockHash, block: a.block, cert: a.cert });
        // The store drops guard records that can never be signed again (same rule as the replica).
        if (a.height % 16n === 0n) {
          const minView = this.replica.status().view - 1n;
          this.disk.records = this.disk.records.filter((r) => !isPrunable(r, a.height, minView));
        }
        w.observer.onCommit(this, a.height, a.blockHash, a.block, a.cert);
        return;
      case 'setTimer': {
        const gen = ++this.timerGen[a.timer.kind];
        const inc = this.incarnation;
        w.queue.at(w.queue.now + a.afterMs, () => {
          if (this.incarnation === inc && this.timerGen[a.timer.kind] === gen)
            this.input({ type: 'timeout', timer: a.timer });
        });
        return;
      }
      case 'cancelTimer':
        this.timerGen[a.kind]++;
        return;
      case 'requestProposal': {
        const block = this.buildBlock(a.height, a.parentCert, [...a.evidence]);
        this.later(() => this.input({ type: 'proposalBuilt', view: a.view, height: a.height, block }));
        return;
      }
      case 'requestValidation': {
        const expect = this.height + 1n;
        const err = validateSimBlock(
          this.replicaCtx(),
          a.block,
          expect,
          this.lastHash(),
          this.replica.epochAt(expect - 1n)?.quorum,
        );
        this.later(() =>
          this.input({
            type: 'proposalValidated',
            view: a.view,
            height: a.height,
            blockHash: a.blockHash,
            ok: err === null,
          }),
        );
        return;
      }
      case 'requestSync': {
        const peers = w.prng.shuffle(w.nodes.map((n) => n.id).filter((i) => i !== this.id)).slice(0, 2);
        for (const p of peers) w.send(this.id, p, { kind: 'syncReq', from: a.fromHeight });
        return;
      }
      case 'evidence':
        w.observer.onEvidence(this, a.evidence);
        w.broadcast(this.id, { kind: 'evidence', evidence: a.evidence });
        return;
    }
  }

  replicaCtx() {
    return { chainId: this.world.params.chainId, verifier: this.world.keys, validators: this.world.params.validators };
  }

  buildBlock(
    height: bigint,
    parentCert: CommitCertificate | null,
    evidence: SimBlock['evidence'],
    invalid = false,
  ): SimBlock {
    return {
      height,
      parentHash: this.lastHash(),
      parentCert,
      evidence,
      proposer: this.id,
      payload: this.payloadCounter++,
      invalid,
    };
  }

  /** Runs `fn` as a separate event (a ledger answer is never re-entrant). */
  protected later(fn: () => void): void {
    const inc = this.incarnation;
    this.world.queue.at(this.world.queue.now, () => {
      if (this.incarnation === inc) fn();
    });
  }

  receive(from: number, m: NetMessage): void {
    if (!this.alive) return;
    switch (m.kind) {
      case 'consensus':
        this.input({ type: 'message', message: m.m });
        return;
      case 'syncReq':
        this.serveSync(from, m.from);
        return;
      case 'syncResp':
        for (const b of m.blocks) this.input({ type: 'syncBlock', block: b.block, cert: b.cert });
        // A full batch: the peer may have more; keep fetching from it while blocks keep coming.
        if (m.blocks.length === SYNC_BATCH && m.blocks.at(-1)!.cert.height === this.height) {
          this.world.send(this.id, from, { kind: 'syncReq', from: this.height + 1n });
        }
        return;
      case 'evidence':
        this.input({ type: 'evidence', evidence: m.evidence });
        return;
    }
  }

  protected serveSync(to: number, from: bigint): void {
    const start = Number(from) - 1;
    if (start < 0 || start >= this.disk.chain.length) return;
    const blocks = this.disk.chain.slice(start, start + SYNC_BATCH).map((c) => ({ block: c.block, cert: c.cert }));
    this.world.send(this.id, to, { kind: 'syncResp', blocks });
  }
}
