import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { isLeagError, parseAddress, toHex } from '@leag/core';
import { MIN_SCRYPT_N } from '../src/keystore/crypto.js';
import { Wallet } from '../src/keystore/wallet.js';

const dir = await mkdtemp(join(tmpdir(), 'leag-ev-ks-'));
after(() => rm(dir, { recursive: true, force: true }));
const code = (c: string) => (e: unknown) => isLeagError(e, c);
let n = 0;
const path = () => join(dir, `ks-${n++}.json`);

describe('keystore', () => {
  test('create, add addresses, save, unlock with the right passphrase gives the same wallet', async () => {
    const p = path();
    const w = await Wallet.create(p, 'correct horse', { scryptN: MIN_SCRYPT_N, name: 'car-1' });
    const made = w.newAddresses(3);
    w.markGranted([made[0]?.address as string]);
    await w.save();
    const st = await stat(p);
    assert.equal(st.mode & 0o777, 0o600, 'file is private');
    const back = await Wallet.unlock(p, 'correct horse');
    assert.equal(toHex(back.identityPubkey), toHex(w.identityPubkey));
    assert.equal(back.data.name, 'car-1');
    assert.deepEqual(
      back.data.addresses.map((a) => [a.address, a.granted]),
      made.map((a, i) => [a.address, i === 0]),
    );
    // every address has its own key and parses as a leag address
    assert.equal(new Set(back.data.addresses.map((a) => a.sk)).size, 3);
    for (const a of back.data.addresses) assert.equal(parseAddress(a.address).length, 20);
    // the file holds no secret in clear text
    const text = await readFile(p, 'utf8');
    assert.ok(!text.includes(w.data.identitySk) && !text.includes(made[0]?.sk as string));
  });

  test('a wrong passphrase is refused with KEYSTORE_DECRYPT', async () => {
    const p = path();
    await Wallet.create(p, 'right', { scryptN: MIN_SCRYPT_N });
    await assert.rejects(Wallet.unlock(p, 'wrong'), code('KEYSTORE_DECRYPT'));
    await assert.rejects(Wallet.unlock(p, ''), code('KEYSTORE_DECRYPT'));
  });

  test('any tampered field is caught (ciphertext, nonce, salt, cost, identity)', async () => {
    const p = path();
    await Wallet.create(p, 'pw', { scryptN: MIN_SCRYPT_N });
    const orig = JSON.parse(await readFile(p, 'utf8'));
    const flip = (hex: string, at = 0) => hex.slice(0, at) + (hex[at] === '0' ? '1' : '0') + hex.slice(at + 1);
    // biome-ignore lint/suspicious/noExplicitAny: editing raw JSON
    const cases: [string, (o: any) => void, string][] = [
      ['ciphertext', (o) => (o.ciphertext = flip(o.ciphertext, 10)), 'KEYSTORE_DECRYPT'],
      ['ciphertext tag', (o) => (o.ciphertext = flip(o.ciphertext, o.ciphertext.length - 1)), 'KEYSTORE_DECRYPT'],
      ['nonce', (o) => (o.cipher.nonce = flip(o.cipher.nonce)), 'KEYSTORE_DECRYPT'],
      ['salt', (o) => (o.kdf.salt = flip(o.kdf.salt)), 'KEYSTORE_DECRYPT'],
      ['cost', (o) => (o.kdf.n = MIN_SCRYPT_N * 2), 'KEYSTORE_DECRYPT'],
      ['identity', (o) => (o.identity = flip(o.identity, 5)), 'KEYSTORE_DECRYPT'],
      ['huge cost', (o) => (o.kdf.n = 2 ** 30), 'KEYSTORE_CORRUPT'],
      ['truncated ciphertext', (o) => (o.ciphertext = o.ciphertext.slice(0, 20)), 'KEYSTORE_DECRYPT'],
      ['odd hex', (o) => (o.ciphertext = `${o.ciphertext}0`), 'KEYSTORE_CORRUPT'],
      ['format', (o) => (o.format = 'other'), 'KEYSTORE_CORRUPT'],
      ['version', (o) => (o.version = 2), 'KEYSTORE_CORRUPT'],
    ];
    for (const [what, edit, want] of cases) {
      const o = structuredClone(orig);
      edit(o);
      await writeFile(p, JSON.stringify(o));
      await assert.rejects(Wallet.unlock(p, 'pw'), code(want), what);
    }
    await writeFile(p, 'not json {');
    await assert.rejects(Wallet.unlock(p, 'pw'), code('KEYSTORE_CORRUPT'));
    await writeFile(p, JSON.stringify(orig));
    await Wallet.unlock(p, 'pw');
  });

  test('missing file, existing file without force, empty passphrase', async () => {
    await assert.rejects(Wallet.unlock(join(dir, 'nope.json'), 'x'), code('KEYSTORE_NOT_FOUND'));
    const p = path();
    await Wallet.create(p, 'a', { scryptN: MIN_SCRYPT_N });
    await assert.rejects(Wallet.create(p, 'b', { scryptN: MIN_SCRYPT_N }), code('KEYSTORE_EXISTS'));
    await Wallet.create(p, 'b', { scryptN: MIN_SCRYPT_N, force: true });
    await Wallet.unlock(p, 'b');
    await assert.rejects(Wallet.create(path(), '', { scryptN: MIN_SCRYPT_N }), code('KEYSTORE_PASSPHRASE'));
    await assert.rejects(Wallet.create(path(), 'x', { scryptN: 1000 }), code('KEYSTORE_BAD_KDF'));
  });

  test('fresh addresses: each order takes an unused granted one, then a clear error', () => {
    const w = Wallet.inMemory();
    assert.throws(() => w.takeFreshAddress(), code('EV_NO_FRESH_ADDRESS'));
    const [a, b] = w.newAddresses(2);
    assert.throws(() => w.takeFreshAddress(), code('EV_NO_FRESH_ADDRESS'), 'not granted yet');
    w.markGranted([a?.address as string, b?.address as string]);
    const first = w.takeFreshAddress();
    first.used = true;
    assert.notEqual(w.takeFreshAddress().address, first.address);
    assert.throws(() => w.newAddresses(0), code('EV_BAD_COUNT'));
    assert.throws(() => w.newAddresses(257), code('EV_BAD_COUNT'));
    assert.throws(() => w.entry('leag1xyz'), code('EV_UNKNOWN_ADDRESS'));
  });
});
