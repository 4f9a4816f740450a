/**
 * Network namespaces for system tests (testing.md T2): one namespace per node, each with a veth
 * into a bridge in the root namespace, addresses from 198.18.0.0/15 (reserved for network
 * benchmarks; never the private ranges). Links are cut with iptables inside a node's namespace and
 * healed by flushing its rules. Everything is torn down by `destroy()`, which also runs on process
 * exit. Needs root and `ip netns`; `netnsUnavailable()` says why not, for a printed skip.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { LeagError } from '@leag/core';

const run = (cmd: string, args: string[]): void => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0)
    throw new LeagError(
      'TESTNET_NETNS',
      `${cmd} ${args.join(' ')} failed: ${(r.stderr || r.error?.message || '').trim()}`,
    );
};
const quiet = (cmd: string, args: string[]): void => {
  spawnSync(cmd, args, { stdio: 'ignore' });
};

/** Why namespaced tests cannot run here, or null when they can. */
export function netnsUnavailable(): string | null {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'network namespaces need root (run the tests as root or in CI)';
  for (const tool of ['ip', 'iptables']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      return `${tool} is not installed (.ci/system-deps installs it)`;
  }
  const probe = `lgprobe${process.pid}`;
  const r = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (r.status !== 0) return `ip netns add failed: ${r.stderr.trim()}`;
  const ipt = spawnSync('ip', ['netns', 'exec', probe, 'iptables', '-S'], { encoding: 'utf8' });
  quiet('ip', ['netns', 'del', probe]);
  if (ipt.status !== 0) return `iptables does not work inside a namespace: ${ipt.stderr.trim()}`;
  return null;
}

export class NetnsLab {
  readonly bridge: string;
  readonly hostAddr: string;
  private readonly made: string[] = [];
  private destroyed = false;

  /** `subnet` picks 198.18.<subnet>.0/24 (1..254); node i gets .i+1, the root namespace .254. */
  constructor(
    readonly tag: string,
    readonly subnet: number,
  ) {
    if (!/^[a-z0-9]{1,8}$/.test(tag))
      throw new LeagError('TESTNET_NETNS', `namespace tag must be 1-8 of [a-z0-9], got ${tag}`);
    if (!Number.isInteger(subnet) || subnet < 1 || subnet > 254)
      throw new LeagError('TESTNET_NETNS', `subnet must be 1..254, got ${subnet}`);
    this.bridge = `lg${tag}br`;
    this.hostAddr = `198.18.${subnet}.254`;
    process.once('exit', () => this.destroy());
  }

  ns(i: number): string {
    return `lg${this.tag}n${i}`;
  }

  addr(i: number): string {
    return `198.18.${this.subnet}.${i + 1}`;
  }

  /** Creates the bridge and one namespace per node, each with loopback and its 198.18 address. */
  setup(count: number): void {
    this.destroyStale(count);
    run('ip', ['link', 'add', this.bridge, 'type', 'bridge']);
    this.made.push(`link:${this.bridge}`);
    run('ip', ['addr', 'add', `${this.hostAddr}/24`, 'dev', this.bridge]);
    run('ip', ['link', 'set', this.bridge, 'up']);
    for (let i = 0; i < count; i++) {
      const ns = this.ns(i);
      const host = `lg${this.tag}h${i}`;
      run('ip', ['netns', 'add', ns]);
      this.made.push(`ns:${ns}`);
      run('ip', ['link', 'add', host, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
      this.made.push(`link:${host}`);
      run('ip', ['link', 'set', host, 'master', this.bridge]);
      run('ip', ['link', 'set', host, 'up']);
      run('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);
      run('ip', ['netns', 'exec', ns, 'ip', 'addr', 'add', `${this.addr(i)}/24`, 'dev', 'eth0']);
      run('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'eth0', 'up']);
    }
  }

  /** The command prefix that runs a program inside node i's namespace. */
  exec(i: number): string[] {
    return ['ip', 'netns', 'exec', this.ns(i)];
  }

  /** Cuts node i off from the given nodes (both directions); the root namespace stays reachable. */
  cut(i: number, from: number[]): void {
    for (const j of from) {
      run('ip', ['netns', 'exec', this.ns(i), 'iptables', '-A', 'INPUT', '-s', this.addr(j), '-j', 'DROP']);
      run('ip', ['netns', 'exec', this.ns(i), 'iptables', '-A', 'OUTPUT', '-d', this.addr(j), '-j', 'DROP']);
    }
  }

  /** Splits the nodes into groups that cannot reach each other. */
  partition(groups: number[][]): void {
    for (const g of groups) {
      const others = groups.filter((x) => x !== g).flat();
      for (const i of g) this.cut(i, others);
    }
  }

  /** Removes every cut. */
  heal(count: number): void {
    for (let i = 0; i < count; i++) run('ip', ['netns', 'exec', this.ns(i), 'iptables', '-F']);
  }

  rules(i: number): string {
    return execFileSync('ip', ['netns', 'exec', this.ns(i), 'iptables', '-S'], { encoding: 'utf8' });
  }

  /** Removes what setup made (idempotent; also runs on process exit). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const m of this.made.reverse()) {
      const [kind, name] = m.split(':') as [string, string];
      if (kind === 'ns') quiet('ip', ['netns', 'del', name]);
      else quiet('ip', ['link', 'del', name]);
    }
  }

  /** Leftovers of an earlier crashed run: this tag, and any lgt<pid> lab whose process is gone. */
  private destroyStale(count: number): void {
    const list = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
    for (const m of list.matchAll(/^lgt(\d+)n\d+/gm)) {
      const pid = Number(m[1]);
      if (spawnSync('kill', ['-0', String(pid)]).status !== 0 || `t${pid}` === this.tag) {
        quiet('ip', ['netns', 'del', m[0]]);
        quiet('ip', ['link', 'del', `lgt${pid}br`]);
      }
    }
    for (let i = 0; i < count + 4; i++) quiet('ip', ['netns', 'del', this.ns(i)]);
    quiet('ip', ['link', 'del', this.bridge]);
  }
}
