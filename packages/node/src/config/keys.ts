/**
 * Key files: one secp256k1 secret key per file, JSON {secretKey, publicKey, address}, mode 0600.
 * A validator's key is also its libp2p identity; the authority and grid keys of a testnet use the
 * same format.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import {
  addressFromPublicKey,
  encodeAddress,
  fromHex,
  generateSecretKey,
  isValidSecretKey,
  LeagError,
  publicKeyOf,
  toHex,
} from '@leag/core';

export interface KeyPair {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
  address: Uint8Array;
}

export function keyPairOf(secretKey: Uint8Array): KeyPair {
  const publicKey = publicKeyOf(secretKey);
  return { secretKey, publicKey, address: addressFromPublicKey(publicKey) };
}

export const newKeyPair = (): KeyPair => keyPairOf(generateSecretKey());

export function writeKeyFile(path: string, kp: KeyPair): void {
  const body = {
    secretKey: toHex(kp.secretKey),
    publicKey: toHex(kp.publicKey),
    address: encodeAddress(kp.address),
  };
  writeFileSync(path, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

export function readKeyFile(path: string): KeyPair {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LeagError('CONFIG_KEY_FILE', `cannot read key file ${path}: ${(e as Error).message}`, { path });
  }
  let sk: Uint8Array;
  try {
    const j = JSON.parse(text) as { secretKey?: unknown };
    if (typeof j.secretKey !== 'string') throw new LeagError('CONFIG_KEY_FILE', 'no secretKey string');
    sk = fromHex(j.secretKey, 32);
  } catch (e) {
    throw new LeagError(
      'CONFIG_KEY_FILE',
      `key file ${path} must be JSON with "secretKey": 64 hex digits (${(e as Error).message})`,
      { path },
    );
  }
  if (!isValidSecretKey(sk)) throw new LeagError('CONFIG_KEY_FILE', `key file ${path} holds an invalid secp256k1 key`);
  return keyPairOf(sk);
}
