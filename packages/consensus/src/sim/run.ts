/**
 * Runs one simulated scenario from a fault profile and checks it. Deterministic: the same profile
 * gives the same run. A failing run's `replay` line names the seed to rerun it with.
 */
import type { ConsensusParams } from '../params.js';
import { Checker } from './checker.js';
import { type FaultProfile, healTime } from './profile.js';
import { World } from './world.js';

export interface RunResult {
  ok: boolean;
  violations: string[];
  profile: FaultProfile;
  /** Lowest honest height at the end. */
  minHeight: bigint;
  simulatedMs: number;
  messagesSent: number;
  /** Messages sent per committed block (all validators). */
  messagesPerBlock: number;
  /** Mean simulated ms between consecutive commits of the chain (first honest commit of each height). */
  meanBlockIntervalMs: number;
  credits: readonly number[];
  replay: string;
  world: World;
}

export interface RunOptions {
  params?: Partial<ConsensusParams>;
  /** Stop as soon as the target height is reached and evidence is on chain (default true). */
  stopEarly?: boolean;
}

export function runProfile(profile: FaultProfile, opts: RunOptions = {}): RunResult {
  const checker = new Checker();
  const world = new World(profile, checker, opts.params ?? {});
  checker.attach(world);
  world.start();
  const heal = healTime(profile);
  const end = heal + profile.livenessWindow;
  const target = BigInt(profile.targetHeight);
  let tick = 0;
  const done = (): boolean => {
    if (++tick % 128 !== 0 || world.queue.now < heal || opts.stopEarly === false) return false;
    for (const n of world.honestNodes()) if (n.alive && n.height < target) return false;
    return checker.evidencePending() === 0;
  };
  world.run(end, done);
  world.stopped = true;
  checker.finish(profile.targetHeight);
  const honest = world.honestNodes();
  let minHeight = -1n;
  for (const n of honest) if (minHeight < 0n || n.height < minHeight) minHeight = n.height;
  const times = [...checker.commitTime.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, t]) => t);
  const intervals = times.length > 1 ? (times.at(-1)! - times[0]!) / (times.length - 1) : Number.NaN;
  const blocks = Number(minHeight > 0n ? minHeight : 1n);
  return {
    ok: checker.violations.length === 0,
    violations: checker.violations,
    profile,
    minHeight,
    simulatedMs: world.queue.now,
    messagesSent: world.messagesSent,
    messagesPerBlock: world.messagesSent / blocks,
    meanBlockIntervalMs: intervals,
    credits: honest[0]?.replica.status().credits ?? [],
    replay: `LEAG_SIM_SEED=${profile.seed} LEAG_SIM_N=${profile.n} profile=${JSON.stringify(profile)}`,
    world,
  };
}
