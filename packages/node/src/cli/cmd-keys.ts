/** `leagd keys generate|show`: secp256k1 key files (the validator key is also the libp2p identity). */
import { encodeAddress, toHex } from '@leag/core';
import { newKeyPair, readKeyFile, writeKeyFile } from '../config/keys.js';
import { peerIdOfPubkey } from '../config/peer-id.js';

function show(kp: ReturnType<typeof readKeyFile>, json: boolean): void {
  const info = {
    publicKey: toHex(kp.publicKey),
    address: encodeAddress(kp.address),
    peerId: peerIdOfPubkey(kp.publicKey),
  };
  process.stdout.write(
    json
      ? `${JSON.stringify(info, null, 2)}\n`
      : `public key ${info.publicKey}\naddress    ${info.address}\npeer id    ${info.peerId}\n`,
  );
}

export function keysGenerate(f: { out: string; json?: boolean }): void {
  const kp = newKeyPair();
  writeKeyFile(f.out, kp);
  show(kp, f.json ?? false);
}

export function keysShow(f: { key: string; json?: boolean }): void {
  show(readKeyFile(f.key), f.json ?? false);
}
