/**
 * The unlocked wallet: identity key, wallet addresses (a fresh random secp256k1 key per address,
 * stored encrypted), local order records and the chain cache. `Wallet.create` / `Wallet.unlock`
 * work on a keystore file; `Wallet.inMemory` is for fleets and tests (nothing is written).
 */
import {
  addressFromPublicKey,
  encodeAddress,
  fromHex,
  fromUtf8,
  generateSecretKey,
  LeagError,
  parseAddress,
  publicKeyOf,
  toHex,
  utf8,
} from '@leag/core';
import { deriveKey, newKdf, open, seal } from './crypto.js';
import { checkWalletData, type OrderRecord, type WalletAddress, type WalletData } from './data.js';
import { headerAad, readKeystoreFile, writeKeystoreFile } from './file.js';

export interface CreateOptions {
  name?: string;
  /** scrypt cost (power of two); defaults to DEFAULT_SCRYPT_N. */
  scryptN?: number;
  /** Overwrite an existing file. */
  force?: boolean;
  /** Use this identity key instead of a fresh random one (hex). */
  identitySk?: Uint8Array;
}

export class Wallet {
  private constructor(
    readonly data: WalletData,
    private readonly file: { path: string; key: Uint8Array; kdf: ReturnType<typeof newKdf> } | null,
  ) {}

  /** A wallet that lives only in memory (fleet simulator, tests). */
  static inMemory(name = 'ev', identitySk: Uint8Array = generateSecretKey()): Wallet {
    return new Wallet(
      { version: 1, identitySk: toHex(identitySk), name, certificate: null, chain: null, addresses: [], orders: [] },
      null,
    );
  }

  static async create(path: string, passphrase: string, opts: CreateOptions = {}): Promise<Wallet> {
    if (passphrase.length === 0)
      throw new LeagError('KEYSTORE_PASSPHRASE', 'the passphrase must not be empty (set LEAG_EV_PASSPHRASE)');
    const kdf = newKdf(opts.scryptN);
    const key = await deriveKey(passphrase, kdf);
    const w = new Wallet(
      {
        version: 1,
        identitySk: toHex(opts.identitySk ?? generateSecretKey()),
        name: opts.name ?? 'ev',
        certificate: null,
        chain: null,
        addresses: [],
        orders: [],
      },
      { path, key, kdf },
    );
    await w.save({ exclusive: !opts.force });
    return w;
  }

  static async unlock(path: string, passphrase: string): Promise<Wallet> {
    const f = await readKeystoreFile(path);
    const key = await deriveKey(passphrase, f.kdf);
    const plain = open(key, f.nonce, f.ciphertext, headerAad(f.kdf, f.identity));
    let json: unknown;
    try {
      json = JSON.parse(fromUtf8(plain));
    } catch {
      throw new LeagError('KEYSTORE_CORRUPT', `${path}: the decrypted content is not JSON`);
    }
    const data = checkWalletData(json);
    const w = new Wallet(data, { path, key, kdf: f.kdf });
    if (toHex(w.identityPubkey) !== f.identity)
      throw new LeagError('KEYSTORE_CORRUPT', `${path}: the header's identity does not match the encrypted key`);
    return w;
  }

  /** Encrypts and writes the wallet (no-op for an in-memory wallet). */
  async save(opts: { exclusive?: boolean } = {}): Promise<void> {
    if (this.file === null) return;
    const identity = toHex(this.identityPubkey);
    const { nonce, ct } = seal(this.file.key, utf8(JSON.stringify(this.data)), headerAad(this.file.kdf, identity));
    await writeKeystoreFile(this.file.path, { kdf: this.file.kdf, nonce, identity, ciphertext: ct }, opts);
  }

  get path(): string | null {
    return this.file?.path ?? null;
  }
  get identitySk(): Uint8Array {
    return fromHex(this.data.identitySk, 32);
  }
  get identityPubkey(): Uint8Array {
    return publicKeyOf(this.identitySk);
  }

  /** Makes n fresh addresses (random keys), not yet granted. */
  newAddresses(n: number, nowMs = Date.now()): WalletAddress[] {
    if (!Number.isInteger(n) || n < 1 || n > 256)
      throw new LeagError('EV_BAD_COUNT', `the number of new addresses must be an integer in 1..256, found ${n}`);
    const out: WalletAddress[] = [];
    for (let i = 0; i < n; i++) {
      const sk = generateSecretKey();
      const a: WalletAddress = {
        sk: toHex(sk),
        address: encodeAddress(addressFromPublicKey(publicKeyOf(sk))),
        createdAtMs: nowMs,
        granted: false,
        used: false,
        nextNonce: 0,
      };
      this.data.addresses.push(a);
      out.push(a);
    }
    return out;
  }

  markGranted(addresses: readonly string[]): void {
    const set = new Set(addresses);
    for (const a of this.data.addresses) if (set.has(a.address)) a.granted = true;
  }

  granted(): WalletAddress[] {
    return this.data.addresses.filter((a) => a.granted);
  }

  /** A granted address no order has used yet, or null. */
  freshAddress(): WalletAddress | null {
    return this.data.addresses.find((a) => a.granted && !a.used) ?? null;
  }

  /** The fresh address for the next order; a clear error when none is left. */
  takeFreshAddress(): WalletAddress {
    const a = this.freshAddress();
    if (a === null)
      throw new LeagError(
        'EV_NO_FRESH_ADDRESS',
        'every granted wallet address has been used by an order; ask for more with "leag-ev addresses --new N"',
      );
    return a;
  }

  entry(address: string): WalletAddress {
    const a = this.data.addresses.find((x) => x.address === address);
    if (a === undefined) throw new LeagError('EV_UNKNOWN_ADDRESS', `${address} is not an address of this wallet`);
    return a;
  }

  secretKeyOf(address: string | Uint8Array): Uint8Array {
    const text = typeof address === 'string' ? address : encodeAddress(address);
    return fromHex(this.entry(text).sk, 32);
  }

  owns(address: Uint8Array): boolean {
    const text = encodeAddress(address);
    return this.data.addresses.some((a) => a.address === text);
  }

  addressBytes(): Uint8Array[] {
    return this.data.addresses.map((a) => parseAddress(a.address));
  }

  recordOrder(r: OrderRecord): void {
    this.data.orders.push(r);
  }
}
