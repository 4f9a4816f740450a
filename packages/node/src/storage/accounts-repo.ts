/**
 * The granting LEAG's private account map (the paper's account server): identity (the EV's
 * certified public key) → its wallet addresses, and the reverse index. Off chain, never in a
 * block; the chain only sees the addresses and the certificate hash (an AddressGrant).
 * Records are small local JSON (not consensus data), checksummed.
 */
import { LeagError } from '@leag/core';
import { Bucket } from './buckets.js';
import { fromHex, toHex } from './bytes.js';
import type { DbController, DbOp } from './db.js';
import { bytesCodec, type Codec, Repository } from './repository.js';

export interface AccountRecord {
  identity: Uint8Array;
  name: string;
  certHash: Uint8Array;
  addresses: Uint8Array[];
  registeredAtMs: bigint;
}

const accountCodec: Codec<AccountRecord> = {
  encode: (a) =>
    new TextEncoder().encode(
      JSON.stringify({
        identity: toHex(a.identity),
        name: a.name,
        certHash: toHex(a.certHash),
        addresses: a.addresses.map(toHex),
        registeredAtMs: a.registeredAtMs.toString(),
      }),
    ),
  decode: (b) => {
    try {
      const o = JSON.parse(new TextDecoder().decode(b)) as Record<string, unknown>;
      return {
        identity: fromHex(String(o.identity)),
        name: String(o.name),
        certHash: fromHex(String(o.certHash)),
        addresses: (o.addresses as string[]).map(fromHex),
        registeredAtMs: BigInt(String(o.registeredAtMs)),
      };
    } catch (e) {
      throw new LeagError('STORE_CORRUPT', `account record is not valid: ${(e as Error).message}`);
    }
  },
};

export class AccountsRepository {
  private readonly byIdentity: Repository<Uint8Array, AccountRecord>;
  private readonly byAddress: Repository<Uint8Array, Uint8Array>;

  constructor(private readonly db: DbController) {
    this.byIdentity = new Repository(db, Bucket.accountByIdentity, bytesCodec, accountCodec, { checksummed: true });
    this.byAddress = new Repository(db, Bucket.identityByAddress, bytesCodec, bytesCodec);
  }

  async get(identity: Uint8Array): Promise<AccountRecord | undefined> {
    return this.byIdentity.get(identity);
  }

  async identityOf(address: Uint8Array): Promise<Uint8Array | undefined> {
    return this.byAddress.get(address);
  }

  /** Saves an account and indexes its addresses, atomically and synced. */
  async save(a: AccountRecord): Promise<void> {
    const ops: DbOp[] = [this.byIdentity.putOp(a.identity, a)];
    for (const addr of a.addresses) ops.push(this.byAddress.putOp(addr, a.identity));
    await this.db.batch(ops, { sync: true });
  }

  async *all(): AsyncIterable<AccountRecord> {
    for await (const [, a] of this.byIdentity.entries()) yield a;
  }
}
