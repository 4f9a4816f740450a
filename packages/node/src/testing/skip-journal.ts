/** The deliberately broken mempool journal of LEAG_TEST_BROKEN=skip-journal: writes nothing. */
import type { SignedTx } from '@leag/core';
import { MempoolJournal } from '../trading/journal.js';

export class SkippingJournal extends MempoolJournal {
  override async putMany(_txs: readonly { id: Uint8Array; stx: SignedTx }[]): Promise<void> {
    // deliberately not durable: the negative control of the invariant checker
  }
}
