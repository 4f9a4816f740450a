import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isLeagError } from '@leag/core';
import { AccountService, issueCertificate, verifyCertificate } from '../../src/accounts/index.js';
import { validateTx } from '../../src/ledger/index.js';
import { AccountsRepository, MemoryDb } from '../../src/storage/index.js';
import { key, timeIn, World } from '../ledger/world.js';

const w = new World();
const ev = key('ev-identity');
const cert = issueCertificate(
  w.authority.sk,
  { evPubkey: ev.pub, name: 'EV 7', issuedAt: 0n, expiresAt: 10n ** 15n },
  w.ctx.chainId,
);
const service = () =>
  new AccountService(
    {
      chainId: w.ctx.chainId,
      authorityPubkey: w.authority.pub,
      validatorIndex: 2,
      validatorSk: (w.validators[2] as { sk: Uint8Array }).sk,
    },
    { repo: new AccountsRepository(new MemoryDb()) },
  );
const wallets = [key('wallet-a').addr, key('wallet-b').addr];

describe('EV certificates', () => {
  test('a valid certificate verifies; tampered, foreign or expired ones do not', () => {
    verifyCertificate(cert, w.authority.pub, w.ctx.chainId, 1000n);
    const code = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return (e as { code: string }).code;
      }
      return 'none';
    };
    assert.equal(
      code(() => verifyCertificate({ ...cert, name: 'EV 8' }, w.authority.pub, w.ctx.chainId, 1000n)),
      'ACCOUNT_CERT_BAD_SIGNATURE',
    );
    assert.equal(
      code(() => verifyCertificate(cert, ev.pub, w.ctx.chainId, 1000n)),
      'ACCOUNT_CERT_BAD_SIGNATURE',
    );
    assert.equal(
      code(() => verifyCertificate(cert, w.authority.pub, 'other-chain', 1000n)),
      'ACCOUNT_CERT_BAD_SIGNATURE',
    );
    assert.equal(
      code(() => verifyCertificate(cert, w.authority.pub, w.ctx.chainId, 10n ** 15n)),
      'ACCOUNT_CERT_EXPIRED',
    );
    const later = issueCertificate(
      w.authority.sk,
      { evPubkey: ev.pub, name: 'EV 7', issuedAt: 500n, expiresAt: 600n },
      w.ctx.chainId,
    );
    assert.equal(
      code(() => verifyCertificate(later, w.authority.pub, w.ctx.chainId, 100n)),
      'ACCOUNT_CERT_NOT_YET_VALID',
    );
    assert.equal(
      code(() => verifyCertificate({ ...cert, evPubkey: new Uint8Array(33) }, w.authority.pub, w.ctx.chainId, 1000n)),
      'ACCOUNT_BAD_PUBKEY',
    );
  });
});

describe('registration', () => {
  test('keeps identity → addresses off chain and makes a valid grant with no identity in it', async () => {
    const s = service();
    const { record, grant } = await s.register(cert, wallets, 1000n);
    assert.equal(record.addresses.length, 2);
    assert.ok(grant !== null);
    const g = grant.tx.addressGrant;
    assert.equal(g?.granter, 2);
    assert.deepEqual(g?.addresses, wallets);
    // No identity on chain: neither the EV key nor its name appears in the grant.
    const bytes = Buffer.from(
      JSON.stringify(grant, (_k, v) =>
        typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v,
      ),
    );
    assert.equal(bytes.includes(Buffer.from(ev.pub).toString('hex')), false);
    assert.equal(bytes.includes('EV 7'), false);
    // The ledger accepts it.
    validateTx(w.genesisState(), grant, w.ctx, { timestampMs: timeIn(1n) });
    assert.deepEqual(await s.identityOf(wallets[0] as Uint8Array), ev.pub);
    assert.deepEqual(await s.addressesOf(ev.pub), wallets);
    // Registering again with the same addresses makes no new grant.
    assert.equal((await s.register(cert, wallets, 1000n)).grant, null);
  });

  test('refuses an address held by another EV and a bad certificate', async () => {
    const s = service();
    await s.register(cert, wallets, 1000n);
    const other = key('other-ev');
    const otherCert = issueCertificate(
      w.authority.sk,
      { evPubkey: other.pub, name: 'EV 9', issuedAt: 0n, expiresAt: 10n ** 15n },
      w.ctx.chainId,
    );
    await assert.rejects(s.register(otherCert, [wallets[1] as Uint8Array], 1000n), (e) =>
      isLeagError(e, 'ACCOUNT_ADDRESS_TAKEN'),
    );
    await assert.rejects(s.register({ ...otherCert, name: 'x' }, [key('w-c').addr], 1000n), (e) =>
      isLeagError(e, 'ACCOUNT_CERT_BAD_SIGNATURE'),
    );
    await assert.rejects(s.register(otherCert, [new Uint8Array(3)], 1000n), (e) =>
      isLeagError(e, 'ACCOUNT_BAD_ADDRESS'),
    );
  });
});
