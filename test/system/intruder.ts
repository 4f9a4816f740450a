/** A libp2p peer with a key that is not in genesis, dialing a validator's consensus protocol. */
import { connect } from 'node:net';
import { generateSecretKey } from '@leag/core';
import { privateKeyFromRaw, publicKeyFromRaw } from '@libp2p/crypto/keys';
import { noise } from '@libp2p/noise';
import { peerIdFromPublicKey } from '@libp2p/peer-id';
import { tcp } from '@libp2p/tcp';
import { yamux } from '@libp2p/yamux';
import { multiaddr } from '@multiformats/multiaddr';
import { createLibp2p } from 'libp2p';
import { readGenesisFile } from '../../packages/node/src/config/genesis-file.js';

/** Dials validator `index`'s consensus protocol with a key outside genesis: null when it opened, else the error. */
export async function intruderDial(genesisFile: string, index: number): Promise<string | null> {
  const g = readGenesisFile(genesisFile);
  const target = g.validators[index];
  if (target === undefined) return `no validator ${index}`;
  const intruder = await createLibp2p({
    privateKey: privateKeyFromRaw(generateSecretKey()),
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
  });
  try {
    const pid = peerIdFromPublicKey(publicKeyFromRaw(target.pubkey)).toString();
    const stream = await intruder.dialProtocol(multiaddr(`${target.multiaddr}/p2p/${pid}`), '/leag/consensus/2.0.0', {
      signal: AbortSignal.timeout(8000),
    });
    await stream.close().catch(() => undefined);
    return null;
  } catch (e) {
    return (e as Error).message || String(e);
  } finally {
    await intruder.stop();
  }
}

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
