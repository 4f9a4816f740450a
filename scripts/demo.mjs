#!/usr/bin/env node
// `npm run demo [-- --windows N] [--evs N] [--window-ms MS] [--keep]`: a 4-node LEAG testnet in a
// temp dir, the EV fleet trading on it, each window printed as it clears (docs/testnet.md).
// The logic lives in test/lib/demo-run.ts (shared with the system tests), run from source via tsx.
import { register } from 'tsx/esm/api';

register();
const { demoMain } = await import('../test/lib/demo-run.ts');
process.exitCode = await demoMain(process.argv.slice(2));
