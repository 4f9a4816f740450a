/** Test EVs: keys, authority certificates, registration, funding and signed orders over the API. */
import {
  addressFromPublicKey,
  type BuyOrder,
  encodeAddress,
  fromHex,
  generateSecretKey,
  publicKeyOf,
  type SellOrder,
  type SignedTx,
  signTx,
  type Tx,
  TxKind,
  toJson,
} from '@leag/core';
import { issueCertificate } from '../../src/accounts/index.js';
import { readGenesisFile } from '../../src/config/genesis-file.js';
import { readKeyFile } from '../../src/config/keys.js';
import { escrowFor } from '../../src/ledger/index.js';
import { call } from './client.js';
import type { Testnet } from './testnet.js';
import { waitFor } from './wait.js';

export class TestEv {
  readonly sk = generateSecretKey();
  readonly pub = publicKeyOf(this.sk);
  readonly addr = addressFromPublicKey(this.pub);
  readonly address = encodeAddress(this.addr);
  private nonce = 1n;

  constructor(
    readonly name: string,
    private readonly tn: Testnet,
  ) {}

  get chainId(): string {
    return readGenesisFile(this.tn.genesisFile).chainId;
  }

  /** Gets a certificate from the testnet authority and registers its address at node `i`. */
  async register(i: number): Promise<void> {
    const g = readGenesisFile(this.tn.genesisFile);
    const authority = readKeyFile(this.tn.authorityKeyFile);
    const now = BigInt(Date.now());
    const cert = issueCertificate(
      authority.secretKey,
      { evPubkey: this.pub, name: this.name, issuedAt: now - 60_000n, expiresAt: now + 3_600_000n },
      g.chainId,
    );
    const r = await call(this.tn.node(i).apiUrl, 'register', {
      body: { certificate: toJson('AuthorityCertificate', cert), addresses: [this.address] },
    });
    if (r.status !== 202) throw new Error(`register: ${r.status} ${JSON.stringify(r.body)}`);
  }

  async waitGranted(i: number): Promise<void> {
    await waitFor(`grant of ${this.name}`, async () => {
      const r = await call<{ granted: boolean }>(this.tn.node(i).apiUrl, 'getGrant', {
        params: { address: this.address },
      });
      return r.body.granted ? true : undefined;
    });
  }

  async fund(i: number, amount: bigint): Promise<void> {
    const r = await call(this.tn.node(i).apiUrl, 'faucet', {
      body: { address: this.address, amount: amount.toString() },
    });
    if (r.status !== 202) throw new Error(`faucet: ${r.status} ${JSON.stringify(r.body)}`);
    await waitFor(`funds of ${this.name}`, async () => {
      const b = await call<{ free: string }>(this.tn.node(i).apiUrl, 'getBalance', {
        params: { address: this.address },
      });
      return BigInt(b.body.free) >= amount ? true : undefined;
    });
  }

  private tx(kind: number, fields: Partial<Tx>): Tx {
    return {
      version: 1,
      chainId: this.chainId,
      kind: kind as Tx['kind'],
      inputs: [],
      outputs: [],
      lockTime: 0n,
      ...fields,
    };
  }

  async buy(i: number, window: bigint, f: Partial<BuyOrder> = {}): Promise<SignedTx> {
    const utxos = await call<{
      utxos: { txId: string; index: number; output: { value: string; escrowWindow: string } }[];
    }>(this.tn.node(i).apiUrl, 'getUtxos', { params: { address: this.address } });
    const coin = utxos.body.utxos.find((u) => u.output.escrowWindow === '0');
    if (coin === undefined) throw new Error(`${this.name} has no free coin`);
    const order: BuyOrder = {
      window,
      nonce: this.nonce++,
      address: this.addr,
      dMinWh: 2_000n,
      dMaxWh: 10_000n,
      price: 800_000n,
      priceMax: 950_000n,
      omegaPpm: 800_000,
      gridFallback: false,
      ...f,
    };
    const escrow = escrowFor(order);
    const value = BigInt(coin.output.value);
    const outputs = [{ value: escrow, energyWh: 0n, address: this.addr, escrowWindow: window }];
    if (value > escrow) outputs.push({ value: value - escrow, energyWh: 0n, address: this.addr, escrowWindow: 0n });
    return signTx(
      this.tx(TxKind.TX_KIND_BUY_ORDER, {
        inputs: [{ prev: { txId: fromHex(coin.txId, 32), index: coin.index } }],
        outputs,
        buyOrder: order,
      }),
      [this.sk, this.sk],
    );
  }

  sell(window: bigint, f: Partial<SellOrder> = {}): SignedTx {
    const order: SellOrder = {
      window,
      nonce: this.nonce++,
      address: this.addr,
      sMaxWh: 12_000n,
      price: 850_000n,
      priceMin: 700_000n,
      gridFallback: false,
      ...f,
    };
    return signTx(this.tx(TxKind.TX_KIND_SELL_ORDER, { sellOrder: order }), [this.sk]);
  }
}
