/** The seeded in-memory network and its checker, for tests, benchmarks and the node's own tests. */

export { hashSimBlock, inspectSimBlock, type SimBlock, validateSimBlock } from './block.js';
export { ByzantineNode, ColluderNode } from './byzantine.js';
export { Checker } from './checker.js';
export { type NetMessage, SimNode } from './node.js';
export { Prng } from './prng.js';
export * from './profile.js';
export { EventQueue } from './queue.js';
export { type RunOptions, type RunResult, runProfile } from './run.js';
export { SimKeys } from './signer.js';
export { NOOP_OBSERVER, type Observer, World } from './world.js';
