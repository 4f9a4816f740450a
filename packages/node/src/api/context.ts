/** What the HTTP API reads and calls: the node's parts, passed in by the composition root. */
import type { StatusResponse } from '@leag/core';
import type { AccountService } from '../accounts/index.js';
import type { ChainContext, Ledger } from '../ledger/index.js';
import type { Faucet } from '../trading/faucet.js';
import type { TxIntake } from '../trading/intake.js';
import type { Mempool } from '../trading/mempool.js';
import type { WindowIndex } from '../trading/windows.js';
import type { EventHub } from './events.js';

export interface ApiContext {
  ctx: ChainContext;
  ledger: Ledger;
  mempool: Mempool;
  intake: TxIntake;
  windows: WindowIndex;
  accounts: AccountService;
  faucet: Faucet | null;
  events: EventHub;
  clock: () => number;
  status: () => StatusResponse;
}
