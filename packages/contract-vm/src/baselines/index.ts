export * from './eta.js';
export * from './feasible.js';
export * from './ida.js';
export * from './ida-repair.js';
export * from './ida-solver.js';
export * from './types.js';
export * from './validate.js';
