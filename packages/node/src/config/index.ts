export * from './config.js';
export * from './genesis-file.js';
export * from './keys.js';
export * from './peer-id.js';
export * from './testnet.js';
