/**
 * Background load for fault tests: faucet mints to fresh addresses, sent round-robin to the
 * running nodes, every tx id the API acknowledged (202) remembered for the checker (invariant 5).
 */
import { addressFromPublicKey, encodeAddress, type FaucetResponse, generateSecretKey, publicKeyOf } from '@leag/core';
import { api, sleep } from './api.js';

export class MintLoad {
  readonly acknowledged = new Set<string>();
  private stopped = false;
  private loop: Promise<void> | null = null;
  sent = 0;

  constructor(
    private readonly targets: () => string[],
    private readonly everyMs = 400,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Sends one mint to `base`; returns the acknowledged tx id, if any. */
  async mintAt(base: string): Promise<string | undefined> {
    const address = encodeAddress(addressFromPublicKey(publicKeyOf(generateSecretKey())));
    this.sent++;
    const r = await api<FaucetResponse>(base, 'faucet', { body: { address, amount: '1000' }, timeoutMs: 5000 }).catch(
      () => undefined,
    );
    if (r?.status === 202) {
      this.acknowledged.add(r.body.txId);
      return r.body.txId;
    }
    return undefined;
  }

  private async run(): Promise<void> {
    let i = 0;
    while (!this.stopped) {
      const t = this.targets();
      const base = t[i++ % Math.max(1, t.length)];
      if (base !== undefined) await this.mintAt(base);
      await sleep(this.everyMs);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }
}
