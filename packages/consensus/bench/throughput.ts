/**
 * State-machine throughput: 4 replicas in one loop, every message delivered in order, signature
 * checks excluded (trustSignatures, a constant signer), ledger answers immediate. Counts messages
 * handled per second of wall time on one core.
 */
import type { Signer, Verifier } from '../src/crypto.js';
import { sha256 } from '../src/encoding.js';
import type { Action } from '../src/io.js';
import { makeParams } from '../src/params.js';
import { Replica } from '../src/replica.js';
import { hashSimBlock, inspectSimBlock, type SimBlock } from '../src/sim/block.js';
import type { ConsensusMessage } from '../src/types.js';

export interface ThroughputResult {
  messages: number;
  blocks: number;
  seconds: number;
  /** CPU seconds of this process (the machine may be shared; CPU time is what one core spent). */
  cpuSeconds: number;
  messagesPerSecond: number;
  messagesPerCpuSecond: number;
}

export function measureThroughput(n: number, messages: number): ThroughputResult {
  const params = makeParams({
    chainId: 'bench',
    validators: n,
    f: Math.floor((n - 1) / 3),
    checkpointInterval: 100,
    watermarkWindow: 200,
  });
  const genesis = sha256(new TextEncoder().encode('genesis'));
  const sig = new Uint8Array(64).fill(7);
  const verifier: Verifier = { verify: () => true };
  const replicas = Array.from({ length: n }, (_, i) => {
    const signer: Signer = { validator: i, sign: () => sig };
    return new Replica<SimBlock>(
      params,
      { signer, verifier, trustSignatures: true, hashBlock: (b) => hashSimBlock('bench', b), inspect: inspectSimBlock },
      genesis,
    );
  });
  const heads = replicas.map(() => genesis);
  const fifo: { to: number; m: ConsensusMessage<SimBlock> }[] = [];
  let head = 0;
  let blocks = 0;
  const act = (i: number, actions: Action<SimBlock>[]): void => {
    for (const a of actions) {
      if (a.type === 'broadcast') {
        for (let j = 0; j < n; j++) if (j !== i) fifo.push({ to: j, m: a.message });
      } else if (a.type === 'commit') {
        heads[i] = a.blockHash;
        if (i === 0) blocks++;
      } else if (a.type === 'requestProposal') {
        const block: SimBlock = {
          height: a.height,
          parentHash: heads[i]!,
          parentCert: a.parentCert,
          evidence: [],
          proposer: i,
          payload: 0,
          invalid: false,
        };
        act(i, replicas[i]!.handle({ type: 'proposalBuilt', view: a.view, height: a.height, block }));
      } else if (a.type === 'requestValidation') {
        act(
          i,
          replicas[i]!.handle({
            type: 'proposalValidated',
            view: a.view,
            height: a.height,
            blockHash: a.blockHash,
            ok: true,
          }),
        );
      }
    }
  };
  for (let i = 0; i < n; i++) act(i, replicas[i]!.handle({ type: 'start' }));
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  let handled = 0;
  while (head < fifo.length && handled < messages) {
    const { to, m } = fifo[head++]!;
    act(to, replicas[to]!.handle({ type: 'message', message: m }));
    handled++;
    if (head > 100_000) {
      fifo.splice(0, head);
      head = 0;
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  const cpuSeconds = (c.user + c.system) / 1e6;
  return {
    messages: handled,
    blocks,
    seconds,
    cpuSeconds,
    messagesPerSecond: Math.round(handled / seconds),
    messagesPerCpuSecond: Math.round(handled / cpuSeconds),
  };
}
