/**
 * The testnet faucet (only when genesis sets faucet_enabled and the node holds the testnet
 * authority key): an authority-signed Mint to the asked address, through the normal intake. The
 * memo names the node and a counter, so every mint has its own tx id (input-less txs are
 * replay-guarded by id).
 */
import { LeagError, signTx, TxKind } from '@leag/core';
import type { IntakeResult, TxIntake } from './intake.js';

export interface FaucetOptions {
  chainId: string;
  nodeIndex: number;
  authoritySk: Uint8Array;
  maxAmount: bigint;
}

export class Faucet {
  private counter = 0;

  constructor(
    private readonly opts: FaucetOptions,
    private readonly modules: { intake: TxIntake; clock: () => number },
  ) {}

  get maxAmount(): bigint {
    return this.opts.maxAmount;
  }

  async give(to: Uint8Array, amount: bigint): Promise<IntakeResult> {
    if (amount <= 0n || amount > this.opts.maxAmount) {
      throw new LeagError(
        'FAUCET_BAD_AMOUNT',
        `the faucet gives 1..${this.opts.maxAmount} µ per request, asked ${amount}`,
      );
    }
    const memo = `faucet node${this.opts.nodeIndex} ${this.modules.clock()} ${this.counter++}`;
    const stx = signTx(
      {
        version: 1,
        chainId: this.opts.chainId,
        kind: TxKind.TX_KIND_MINT,
        inputs: [],
        outputs: [{ value: amount, energyWh: 0n, address: to, escrowWindow: 0n }],
        lockTime: 0n,
        mint: { to, value: amount, memo },
      },
      [this.opts.authoritySk],
    );
    return this.modules.intake.submit(stx, 'api');
  }
}
