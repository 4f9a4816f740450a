/** A libp2p peer with a key that is not in genesis, dialing a validator's consensus protocol. */
import { generateSecretKey } from '@leag/core';
import { privateKeyFromRaw, publicKeyFromRaw } from '@libp2p/crypto/keys';
import { noise } from '@libp2p/noise';
import { peerIdFromPublicKey } from '@libp2p/peer-id';
import { tcp } from '@libp2p/tcp';
import { yamux } from '@libp2p/yamux';
import { multiaddr } from '@multiformats/multiaddr';
import { createLibp2p } from 'libp2p';
import { readGenesisFile } from '../../src/config/genesis-file.js';
import { PROTOCOLS } from '../../src/net/protocols.js';

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
    const stream = await intruder.dialProtocol(multiaddr(`${target.multiaddr}/p2p/${pid}`), PROTOCOLS.consensus, {
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
