/**
 * The account server of one LEAG: registers certified EVs, keeps identity → wallet addresses in
 * this node's own store (AccountsRepository, off chain), and makes the AddressGrant tx that puts
 * only the addresses and the certificate hash on chain, signed by this validator.
 */
import { type AuthorityCertificate, bytesEqual, LeagError, type SignedTx, signTx, TxKind } from '@leag/core';
import type { AccountRecord, AccountsRepository } from '../storage/accounts-repo.js';
import { toHex } from '../storage/bytes.js';
import { certificateHash, verifyCertificate } from './certificate.js';

export interface AccountServiceOptions {
  chainId: string;
  authorityPubkey: Uint8Array;
  /** This LEAG's validator index and secret key (signs the grants). */
  validatorIndex: number;
  validatorSk: Uint8Array;
  /** Most addresses one EV may hold. */
  maxAddressesPerEv?: number;
}

export class AccountService {
  constructor(
    private readonly opts: AccountServiceOptions,
    private readonly modules: { repo: AccountsRepository },
  ) {}

  /**
   * Registers (or extends) an EV: checks its certificate, records the new addresses under its
   * identity, and returns the AddressGrant tx to submit. Addresses already granted to this EV are
   * skipped; an address held by another identity is refused.
   */
  async register(
    cert: AuthorityCertificate,
    addresses: Uint8Array[],
    nowMs: bigint,
  ): Promise<{ record: AccountRecord; grant: SignedTx | null }> {
    verifyCertificate(cert, this.opts.authorityPubkey, this.opts.chainId, nowMs);
    const prev = await this.modules.repo.get(cert.evPubkey);
    const have = new Set((prev?.addresses ?? []).map(toHex));
    const fresh: Uint8Array[] = [];
    for (const a of addresses) {
      if (a.length !== 20)
        throw new LeagError('ACCOUNT_BAD_ADDRESS', `a wallet address is 20 bytes, found ${a.length}`);
      const owner = await this.modules.repo.identityOf(a);
      if (owner !== undefined && !bytesEqual(owner, cert.evPubkey))
        throw new LeagError('ACCOUNT_ADDRESS_TAKEN', `address ${toHex(a)} belongs to another EV`);
      if (!have.has(toHex(a))) {
        have.add(toHex(a));
        fresh.push(a);
      }
    }
    const max = this.opts.maxAddressesPerEv ?? 64;
    if (have.size > max)
      throw new LeagError(
        'ACCOUNT_TOO_MANY_ADDRESSES',
        `an EV may hold at most ${max} addresses, this would make ${have.size}`,
      );
    const certHash = certificateHash(cert);
    const record: AccountRecord = {
      identity: cert.evPubkey,
      name: cert.name,
      certHash,
      addresses: [...(prev?.addresses ?? []), ...fresh],
      registeredAtMs: prev?.registeredAtMs ?? nowMs,
    };
    await this.modules.repo.save(record);
    if (fresh.length === 0) return { record, grant: null };
    const grant = signTx(
      {
        version: 1,
        chainId: this.opts.chainId,
        kind: TxKind.TX_KIND_ADDRESS_GRANT,
        inputs: [],
        outputs: [],
        lockTime: 0n,
        addressGrant: { granter: this.opts.validatorIndex, addresses: fresh, certHash },
      },
      [this.opts.validatorSk],
    );
    return { record, grant };
  }

  async addressesOf(identity: Uint8Array): Promise<Uint8Array[]> {
    return (await this.modules.repo.get(identity))?.addresses ?? [];
  }

  async identityOf(address: Uint8Array): Promise<Uint8Array | undefined> {
    return this.modules.repo.identityOf(address);
  }
}
