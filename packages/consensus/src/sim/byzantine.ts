/**
 * Byzantine validators. Each holds only its own signing key. Most run the honest replica and
 * tamper with what it does; 'silent' does nothing; 'collude' is the negative control's fork
 * attack, which only succeeds with more than f colluders.
 */
import { checkpointMessage, sha256, viewChangeMessage, voteMessage } from '../encoding.js';
import type { Action } from '../io.js';
import { type ConsensusMessage, Phase, type Vote } from '../types.js';
import { hashSimBlock, type SimBlock } from './block.js';
import { type NetMessage, SimNode } from './node.js';
import type { ByzantineKind } from './profile.js';
import type { World } from './world.js';

export class ByzantineNode extends SimNode {
  private readonly seen: ConsensusMessage<SimBlock>[] = [];
  private periodic = false;

  constructor(
    id: number,
    world: World,
    readonly kind: ByzantineKind,
  ) {
    super(id, world);
  }

  override get honest(): boolean {
    return false;
  }

  override boot(): void {
    if (this.kind === 'silent') return;
    super.boot();
    if ((this.kind === 'storm' || this.kind === 'replay') && !this.periodic) {
      this.periodic = true;
      this.schedulePeriodic();
    }
  }

  override receive(from: number, m: NetMessage): void {
    if (this.kind === 'silent') return;
    if (this.kind === 'replay' && m.kind === 'consensus' && this.seen.length < 512) this.seen.push(m.m);
    super.receive(from, m);
  }

  private sign(digest: Uint8Array): Uint8Array {
    return this.world.keys.signer(this.id).sign(digest);
  }

  private vote(
    phase: Phase,
    view: bigint,
    height: bigint,
    blockHash: Uint8Array,
    chainId = this.world.params.chainId,
  ): Vote {
    const u = { phase, view, height, blockHash, validator: this.id };
    return { ...u, signature: this.sign(voteMessage(chainId, u)) };
  }

  private halves(): [number[], number[]] {
    const others = this.world.prng.shuffle(this.world.nodes.map((n) => n.id).filter((i) => i !== this.id));
    const mid = Math.ceil(others.length / 2);
    return [others.slice(0, mid), others.slice(mid)];
  }

  protected override act(a: Action<SimBlock>): void {
    const w = this.world;
    if (
      a.type === 'broadcast' &&
      a.message.kind === 'prePrepare' &&
      this.kind === 'equivocate' &&
      a.message.msg.validator === this.id
    ) {
      const pp = a.message.msg;
      const alt: SimBlock = { ...pp.block, payload: pp.block.payload + 1_000_000 };
      const altHash = hashSimBlock(w.params.chainId, alt);
      const altPp = {
        ...pp,
        block: alt,
        blockHash: altHash,
        signature: this.vote(Phase.PRE_PREPARE, pp.view, pp.height, altHash).signature,
      };
      const [x, y] = this.halves();
      for (const to of x) w.send(this.id, to, { kind: 'consensus', m: a.message });
      for (const to of y) w.send(this.id, to, { kind: 'consensus', m: { kind: 'prePrepare', msg: altPp } });
      return;
    }
    if (
      a.type === 'broadcast' &&
      a.message.kind === 'vote' &&
      this.kind === 'doubleVote' &&
      a.message.msg.validator === this.id
    ) {
      const v = a.message.msg;
      if (v.phase === Phase.PREPARE || v.phase === Phase.COMMIT) {
        super.act(a);
        const other = this.vote(v.phase, v.view, v.height, sha256(v.blockHash, Uint8Array.of(this.id)));
        w.broadcast(this.id, { kind: 'consensus', m: { kind: 'vote', msg: other } });
        return;
      }
    }
    if (a.type === 'requestProposal' && this.kind === 'invalid') {
      const block = this.buildBlock(a.height, a.parentCert, [], true);
      this.later(() => this.input({ type: 'proposalBuilt', view: a.view, height: a.height, block }));
      return;
    }
    super.act(a);
  }

  private schedulePeriodic(): void {
    const w = this.world;
    w.queue.at(w.queue.now + w.prng.int(100, 400), () => {
      if (w.stopped) return;
      if (this.alive) this.misbehave();
      this.schedulePeriodic();
    });
  }

  private misbehave(): void {
    const w = this.world;
    const st = this.replica.status();
    if (this.kind === 'storm') {
      const newView = st.view + BigInt(w.prng.int(1, w.params.maxViewAhead + 8));
      const u = { newView, stableHeight: 0n, prepared: [], validator: this.id };
      const vc = { ...u, signature: this.sign(viewChangeMessage(w.params.chainId, u)) };
      w.broadcast(this.id, { kind: 'consensus', m: { kind: 'viewChange', msg: vc } });
      return;
    }
    // replay: old messages of anyone, and own messages signed for a foreign chain
    for (let i = 0; i < 4 && this.seen.length > 0; i++)
      w.broadcast(this.id, { kind: 'consensus', m: w.prng.pick(this.seen) });
    const foreign = this.vote(Phase.COMMIT, st.view, st.height + 1n, sha256(Uint8Array.of(1, 2, 3)), 'foreign-chain');
    w.broadcast(this.id, { kind: 'consensus', m: { kind: 'vote', msg: foreign } });
    const cu = {
      height: BigInt(w.params.checkpointInterval),
      stateDigest: sha256(Uint8Array.of(9)),
      validator: this.id,
    };
    const cp = { ...cu, signature: this.sign(checkpointMessage('foreign-chain', cu)) };
    w.broadcast(this.id, { kind: 'consensus', m: { kind: 'checkpoint', msg: cp } });
  }
}

/**
 * The negative control's colluder: with more than f of them, they fork the chain at height 1 by
 * sending block A and votes for A to one half of the honest nodes and B to the other.
 */
export class ColluderNode extends SimNode {
  override get honest(): boolean {
    return false;
  }

  override boot(): void {
    this.alive = true;
    const w = this.world;
    w.queue.at(1, () => this.attack());
  }

  override receive(): void {}

  private attack(): void {
    const w = this.world;
    const colluders = w.nodes.filter((n) => n instanceof ColluderNode).map((n) => n.id);
    const honest = w.nodes.filter((n) => !(n instanceof ColluderNode)).map((n) => n.id);
    const mid = Math.ceil(honest.length / 2);
    const groups = [honest.slice(0, mid), honest.slice(mid)];
    const signer = w.keys.signer(this.id);
    groups.forEach((group, gi) => {
      const block: SimBlock = {
        height: 1n,
        parentHash: w.genesisHash,
        parentCert: null,
        evidence: [],
        proposer: 0,
        payload: 7000 + gi,
        invalid: false,
      };
      const hash = hashSimBlock(w.params.chainId, block);
      const msgs: ConsensusMessage<SimBlock>[] = [];
      if (this.id === colluders[0]) {
        const u = { phase: Phase.PRE_PREPARE, view: 0n, height: 1n, blockHash: hash, validator: this.id };
        msgs.push({
          kind: 'prePrepare',
          msg: {
            view: 0n,
            height: 1n,
            blockHash: hash,
            block,
            validator: this.id,
            signature: signer.sign(voteMessage(w.params.chainId, u)),
          },
        });
      }
      for (const phase of [Phase.PREPARE, Phase.COMMIT]) {
        const u = { phase, view: 0n, height: 1n, blockHash: hash, validator: this.id };
        msgs.push({ kind: 'vote', msg: { ...u, signature: signer.sign(voteMessage(w.params.chainId, u)) } });
      }
      for (const to of group) for (const m of msgs) w.send(this.id, to, { kind: 'consensus', m });
    });
  }
}
