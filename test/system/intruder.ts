/** Network probes of a validator from outside genesis (the libp2p intruder lives in the node harness). */
import { connect } from 'node:net';
import { readGenesisFile } from '../../packages/node/src/config/genesis-file.js';

export { intruderDial } from '../../packages/node/test/harness/intruder.js';

/** True when a plain TCP connection to the validator's p2p address opens (the port is reachable). */
export async function tcpReachable(genesisFile: string, index: number): Promise<boolean> {
  const m = /\/ip4\/([^/]+)\/tcp\/(\d+)/.exec(readGenesisFile(genesisFile).validators[index]?.multiaddr ?? '');
  if (m === null) return false;
  return new Promise((resolve) => {
    const s = connect({ host: m[1] as string, port: Number(m[2]), timeout: 5000 });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}
