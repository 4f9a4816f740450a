/** @leag/ev-client: the EV wallet, typed leagd client, trading operations, verify and fleet simulator. */

export { buildProgram, main } from './cli/main.js';
export { EXIT, exitCodeOf } from './cli/output.js';
export * from './client/leag-client.js';
export * from './client/sse.js';
export * from './client/transport.js';
export * from './fleet/fleet.js';
export * from './fleet/orders.js';
export { mapLimit, RateLimiter } from './fleet/pool.js';
export * from './keystore/crypto.js';
export * from './keystore/data.js';
export * from './keystore/file.js';
export { type CreateOptions, Wallet } from './keystore/wallet.js';
export * from './ops/account.js';
export * from './ops/chain.js';
export { outpointKey, walletCoins } from './ops/coins.js';
export * from './ops/results.js';
export * from './ops/trade.js';
export * from './ops/verify-remote.js';
export * from './orders/build.js';
export * from './orders/coins.js';
export * from './orders/validate.js';
export * from './verify/recompute.js';
export * from './verify/verify-window.js';
