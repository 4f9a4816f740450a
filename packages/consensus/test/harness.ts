/**
 * A minimal synchronous harness for replica-level tests: N replicas, a FIFO of messages delivered
 * in order, ledger requests answered at once with simulation blocks. Lets a test hold messages
 * back or tamper with them.
 */

import type { CommittedBlock } from '../src/core.js';
import type { Signer, Verifier } from '../src/crypto.js';
import { sha256 } from '../src/encoding.js';
import type { SignedRecord } from '../src/guard.js';
import type { Action, Input } from '../src/io.js';
import { type ConsensusParams, makeParams } from '../src/params.js';
import { Replica } from '../src/replica.js';
import { hashSimBlock, inspectSimBlock, type SimBlock } from '../src/sim/block.js';
import type { ConsensusMessage } from '../src/types.js';

export interface HNode {
  replica: Replica<SimBlock>;
  records: SignedRecord[];
  chain: CommittedBlock<SimBlock>[];
  sent: ConsensusMessage<SimBlock>[];
  actions: Action<SimBlock>[];
}

export class Harness {
  readonly params: ConsensusParams;
  readonly genesis = sha256(new TextEncoder().encode('genesis'));
  readonly nodes: HNode[];
  readonly fifo: { to: number; m: ConsensusMessage<SimBlock> }[] = [];
  /** Return false to drop a message. */
  filter: (from: number, to: number, m: ConsensusMessage<SimBlock>) => boolean = () => true;
  /** When false, requestProposal is never answered (a primary that stalls). */
  answerProposals = true;
  /** When set, validation requests wait here until the test answers them (a slow ledger). */
  heldValidations: { node: number; input: Input<SimBlock> }[] | null = null;

  constructor(
    n: number,
    f: number,
    readonly signers: (i: number) => Signer,
    readonly verifier: Verifier,
    overrides: Partial<ConsensusParams> = {},
  ) {
    this.params = makeParams({
      chainId: 'harness',
      validators: n,
      f,
      checkpointInterval: 4,
      watermarkWindow: 16,
      ...overrides,
    });
    this.nodes = Array.from({ length: n }, (_, i) => ({
      replica: this.make(i),
      records: [],
      chain: [],
      sent: [],
      actions: [],
    }));
  }

  make(i: number, restore?: { signed: SignedRecord[]; chain: CommittedBlock<SimBlock>[] }): Replica<SimBlock> {
    return new Replica<SimBlock>(
      this.params,
      {
        signer: this.signers(i),
        verifier: this.verifier,
        hashBlock: (b) => hashSimBlock(this.params.chainId, b),
        inspect: inspectSimBlock,
      },
      this.genesis,
      restore,
    );
  }

  restart(i: number): void {
    const n = this.nodes[i]!;
    n.replica = this.make(i, { signed: n.records, chain: n.chain });
    this.input(i, { type: 'start' });
  }

  input(i: number, input: Input<SimBlock>): void {
    const n = this.nodes[i]!;
    const actions = n.replica.handle(input);
    n.actions.push(...actions);
    for (const a of actions) this.act(i, a);
  }

  private act(i: number, a: Action<SimBlock>): void {
    const n = this.nodes[i]!;
    switch (a.type) {
      case 'persist':
        n.records.push(a.record);
        return;
      case 'broadcast':
        n.sent.push(a.message);
        for (let j = 0; j < this.nodes.length; j++)
          if (j !== i && this.filter(i, j, a.message)) this.fifo.push({ to: j, m: a.message });
        return;
      case 'commit':
        n.chain.push({ height: a.height, blockHash: a.blockHash, block: a.block, cert: a.cert });
        return;
      case 'requestProposal': {
        if (!this.answerProposals) return;
        const block: SimBlock = {
          height: a.height,
          parentHash: n.chain.at(-1)?.blockHash ?? this.genesis,
          parentCert: a.parentCert,
          evidence: [...a.evidence],
          proposer: i,
          payload: Number(a.height),
          invalid: false,
        };
        this.input(i, { type: 'proposalBuilt', view: a.view, height: a.height, block });
        return;
      }
      case 'requestValidation': {
        const answer: Input<SimBlock> = {
          type: 'proposalValidated',
          view: a.view,
          height: a.height,
          blockHash: a.blockHash,
          ok: !a.block.invalid,
        };
        if (this.heldValidations !== null) this.heldValidations.push({ node: i, input: answer });
        else this.input(i, answer);
        return;
      }
      default:
        return;
    }
  }

  start(): void {
    for (let i = 0; i < this.nodes.length; i++) this.input(i, { type: 'start' });
  }

  /** Fires the last timer node i set (as a driver would when it expires). */
  fireTimer(i: number): number | undefined {
    const n = this.nodes[i]!;
    for (let k = n.actions.length - 1; k >= 0; k--) {
      const a = n.actions[k]!;
      if (a.type === 'setTimer' && a.timer.kind === 'view') {
        this.input(i, { type: 'timeout', timer: a.timer });
        return a.afterMs;
      }
    }
    return undefined;
  }

  /** Delivers queued messages until none is left (or the step limit). */
  drain(limit = 100_000): number {
    let k = 0;
    while (this.fifo.length > 0 && k < limit) {
      const { to, m } = this.fifo.shift()!;
      this.input(to, { type: 'message', message: m });
      k++;
    }
    return k;
  }
}
