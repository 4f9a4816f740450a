/**
 * The keystore file: a small JSON document with a public header and the encrypted wallet.
 *
 *   { "format": "leag-ev-keystore", "version": 1,
 *     "kdf": { "name": "scrypt", "n": 65536, "r": 8, "p": 1, "salt": "<hex>" },
 *     "cipher": { "name": "xchacha20poly1305", "nonce": "<hex>" },
 *     "identity": "<compressed public key hex>",
 *     "ciphertext": "<hex>" }
 *
 * The header without the nonce is the associated data, so editing any field is detected. Files
 * are written atomically (temporary file, fsync, rename) with mode 0600.
 */

import { mkdir, open as openFile, readFile, rename, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fromHex, LeagError, toHex, utf8 } from '@leag/core';
import { checkKdf, type KdfParams } from './crypto.js';

export const KEYSTORE_FORMAT = 'leag-ev-keystore';
export const KEYSTORE_VERSION = 1;
/** Refuse absurdly large files before parsing them. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

export interface KeystoreFile {
  kdf: KdfParams;
  nonce: Uint8Array;
  identity: string;
  ciphertext: Uint8Array;
}

/** The associated data: every header field except the nonce, in a fixed order. */
export function headerAad(kdf: KdfParams, identity: string): Uint8Array {
  return utf8(
    JSON.stringify([
      KEYSTORE_FORMAT,
      KEYSTORE_VERSION,
      kdf.name,
      kdf.n,
      kdf.r,
      kdf.p,
      toHex(kdf.salt),
      'xchacha20poly1305',
      identity,
    ]),
  );
}

export function serializeKeystore(f: KeystoreFile): string {
  return `${JSON.stringify(
    {
      format: KEYSTORE_FORMAT,
      version: KEYSTORE_VERSION,
      kdf: { name: f.kdf.name, n: f.kdf.n, r: f.kdf.r, p: f.kdf.p, salt: toHex(f.kdf.salt) },
      cipher: { name: 'xchacha20poly1305', nonce: toHex(f.nonce) },
      identity: f.identity,
      ciphertext: toHex(f.ciphertext),
    },
    null,
    2,
  )}\n`;
}

export function parseKeystore(text: string, path = 'keystore'): KeystoreFile {
  const bad = (what: string): never => {
    throw new LeagError('KEYSTORE_CORRUPT', `${path} is not a valid leag-ev keystore: ${what}`, { path });
  };
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return bad('not JSON');
  }
  // biome-ignore lint/suspicious/noExplicitAny: an untrusted JSON document, checked field by field below
  const o = v as Record<string, any>;
  if (typeof o !== 'object' || o === null) return bad('not an object');
  if (o.format !== KEYSTORE_FORMAT) return bad(`format must be "${KEYSTORE_FORMAT}"`);
  if (o.version !== KEYSTORE_VERSION) return bad(`version ${String(o.version)} is not supported (this client reads 1)`);
  if (typeof o.kdf !== 'object' || o.kdf === null || o.kdf.name !== 'scrypt') return bad('kdf must be scrypt');
  if (typeof o.cipher !== 'object' || o.cipher === null || o.cipher.name !== 'xchacha20poly1305')
    return bad('cipher must be xchacha20poly1305');
  if (typeof o.identity !== 'string' || !/^[0-9a-f]{66}$/.test(o.identity)) return bad('identity');
  const hex = (s: unknown, what: string, len?: number): Uint8Array => {
    if (typeof s !== 'string') return bad(what);
    try {
      return fromHex(s, len);
    } catch {
      return bad(what);
    }
  };
  const kdf: KdfParams = { name: 'scrypt', n: o.kdf.n, r: o.kdf.r, p: o.kdf.p, salt: hex(o.kdf.salt, 'kdf.salt') };
  try {
    checkKdf(kdf);
  } catch (e) {
    return bad((e as Error).message);
  }
  return {
    kdf,
    nonce: hex(o.cipher.nonce, 'cipher.nonce', 24),
    identity: o.identity,
    ciphertext: hex(o.ciphertext, 'ciphertext'),
  };
}

export async function readKeystoreFile(path: string): Promise<KeystoreFile> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new LeagError('KEYSTORE_NOT_FOUND', `no keystore at ${path}: run "leag-ev init" first or pass --keystore`, {
      path,
    });
  }
  if (size > MAX_FILE_BYTES)
    throw new LeagError('KEYSTORE_CORRUPT', `${path} is ${size} bytes, a keystore is at most ${MAX_FILE_BYTES}`);
  return parseKeystore(await readFile(path, 'utf8'), path);
}

export async function writeKeystoreFile(
  path: string,
  f: KeystoreFile,
  opts: { exclusive?: boolean } = {},
): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  if (opts.exclusive) {
    const exists = await stat(path).then(
      () => true,
      () => false,
    );
    if (exists)
      throw new LeagError('KEYSTORE_EXISTS', `a keystore already exists at ${path}; pass --force to overwrite it`, {
        path,
      });
  }
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const h = await openFile(tmp, 'w', 0o600);
  try {
    await h.writeFile(serializeKeystore(f), 'utf8');
    await h.sync();
  } finally {
    await h.close();
  }
  await rename(tmp, path);
}
