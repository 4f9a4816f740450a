/**
 * The simulated world: validators in one process over a seeded network that drops, delays,
 * duplicates and reorders messages and can be partitioned, plus crash-restart of nodes.
 */
import { sha256 } from '../encoding.js';
import { type ConsensusParams, makeParams } from '../params.js';
import type { ConsensusMessage } from '../types.js';
import type { SimBlock } from './block.js';
import { ByzantineNode, ColluderNode } from './byzantine.js';
import { type NetMessage, SimNode } from './node.js';
import { Prng } from './prng.js';
import type { FaultProfile } from './profile.js';
import { EventQueue } from './queue.js';
import { SimKeys } from './signer.js';

/** What the checker (or a benchmark) watches. */
export interface Observer {
  onBoot(node: SimNode): void;
  afterHandle(node: SimNode): void;
  onSend(node: SimNode, m: ConsensusMessage<SimBlock>): void;
  onCommit(
    node: SimNode,
    height: bigint,
    hash: Uint8Array,
    block: SimBlock,
    cert: import('../types.js').CommitCertificate,
  ): void;
  onEvidence(node: SimNode, e: import('../types.js').Evidence): void;
}

export const NOOP_OBSERVER: Observer = {
  onBoot() {},
  afterHandle() {},
  onSend() {},
  onCommit() {},
  onEvidence() {},
};

export class World {
  readonly queue = new EventQueue();
  readonly prng: Prng;
  readonly keys: SimKeys;
  readonly params: ConsensusParams;
  readonly genesisHash: Uint8Array;
  readonly nodes: SimNode[];
  stopped = false;
  messagesSent = 0;
  messagesDelivered = 0;

  constructor(
    readonly profile: FaultProfile,
    public observer: Observer = NOOP_OBSERVER,
    paramOverrides: Partial<ConsensusParams> = {},
  ) {
    this.prng = new Prng(profile.seed);
    this.keys = new SimKeys(profile.seed, profile.n);
    this.params = makeParams({
      chainId: 'leag-sim',
      validators: profile.n,
      f: profile.f,
      weighted: profile.weighted,
      checkpointInterval: profile.checkpointInterval,
      watermarkWindow: profile.checkpointInterval * 4,
      maxViewAhead: 16,
      viewTimeoutMs: profile.viewTimeoutMs,
      maxBackoffExponent: 5,
      syncRetryMs: profile.viewTimeoutMs * 2,
      ...paramOverrides,
    });
    this.genesisHash = sha256(new TextEncoder().encode(`genesis/${this.params.chainId}`));
    this.nodes = Array.from({ length: profile.n }, (_, i) => {
      const kind = profile.byzantine[i];
      if (kind === undefined) return new SimNode(i, this);
      if (kind === 'collude') return new ColluderNode(i, this);
      return new ByzantineNode(i, this, kind);
    });
  }

  start(): void {
    for (const n of this.nodes) n.boot();
    for (const c of this.profile.crashes) {
      const node = this.nodes[c.node]!;
      this.queue.at(c.at, () => {
        if (c.midActions) node.crashMidActions = true;
        else node.crash();
      });
      this.queue.at(c.at + 40, () => {
        if (node.alive) node.crash();
      });
      this.queue.at(Math.max(c.restartAt, c.at + 41), () => {
        node.crashMidActions = false;
        if (!node.alive) node.boot();
      });
    }
  }

  private cut(a: number, b: number, t: number): boolean {
    for (const p of this.profile.partitions) if (t >= p.start && t < p.end && p.groups[a] !== p.groups[b]) return true;
    return false;
  }

  send(from: number, to: number, m: NetMessage): void {
    if (this.stopped || from === to) return;
    this.messagesSent++;
    const p = this.profile;
    const copies = this.prng.chance(p.duplicate) ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      if (this.cut(from, to, this.queue.now) || (this.queue.now < p.dropUntil && this.prng.chance(p.drop))) continue;
      const slow =
        p.slowNodes !== undefined && (p.slowNodes.includes(from) || p.slowNodes.includes(to))
          ? (p.slowExtraMs ?? 0)
          : 0;
      const at = this.queue.now + this.prng.int(p.delayMin, p.delayMax) + slow;
      this.queue.at(at, () => {
        if (this.stopped || this.cut(from, to, this.queue.now)) return;
        this.messagesDelivered++;
        this.nodes[to]!.receive(from, m);
      });
    }
  }

  broadcast(from: number, m: NetMessage): void {
    for (const n of this.nodes) if (n.id !== from) this.send(from, n.id, m);
  }

  /** Runs events until `until` (simulated ms) or until `stop()` returns true (checked every event). */
  run(until: number, stop: () => boolean = () => false): void {
    while (!this.stopped && this.queue.step(until)) if (stop()) break;
  }

  honestNodes(): SimNode[] {
    return this.nodes.filter((n) => n.honest);
  }
}
