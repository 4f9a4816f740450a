/** `leagd status`: asks a running node's API for its status and prints it. */
import { API_ROUTES, LeagError, type StatusResponse } from '@leag/core';
import { loadConfig } from '../config/config.js';

export async function statusCommand(f: { api?: string; config?: string; json?: boolean }): Promise<void> {
  let base = f.api;
  if (base === undefined) {
    const cfg = loadConfig({ file: f.config, env: process.env });
    base = `http://${cfg.api.host}:${cfg.api.port}`;
  }
  let res: Response;
  try {
    res = await fetch(`${base}${API_ROUTES.getStatus.url}`, { signal: AbortSignal.timeout(5000) });
  } catch (e) {
    throw new LeagError('CLI_UNREACHABLE', `no node answers at ${base}: ${(e as Error).message}`);
  }
  if (!res.ok) throw new LeagError('CLI_BAD_ANSWER', `${base} answered ${res.status}: ${await res.text()}`);
  const s = (await res.json()) as StatusResponse;
  if (f.json) {
    process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
    return;
  }
  const lines = [
    `chain     ${s.chainId}  (node ${s.nodeIndex} ${s.nodeName}, v${s.version})`,
    `height    ${s.height}  head ${s.headHash.slice(0, 16)}…  state ${s.stateRoot.slice(0, 16)}…`,
    `view      ${s.view}${s.inViewChange ? ' (changing view)' : ''}  leader ${s.leader}`,
    `quorum    ${s.consensus.quorumRule === 'plain' ? 'plain PBFT' : 'credit-weighted'}, weight ${s.consensus.quorum} (f = ${s.consensus.faultTolerance})`,
    `peers     ${s.peers} of ${s.validators.length - 1}`,
    `window    ${s.window.current}  ends ${new Date(Number(s.window.endMs)).toISOString()}`,
    `mempool   ${s.mempool.size}/${s.mempool.capacity}`,
    'validators:',
    ...s.validators.map(
      (v) =>
        `  ${v.index} ${v.name.padEnd(8)} credit ${String(v.credit).padStart(3)} weight ${v.weight} ${v.connected ? 'up' : 'down'}`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
