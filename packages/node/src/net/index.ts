export * from './gater.js';
export * from './host.js';
export * from './protocols.js';
export * from './sync-codec.js';
