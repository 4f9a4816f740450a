/** Reusable system-test harness: spawn a leagd testnet, talk to it over the API, tear it down. */
export * from './client.js';
export * from './ev.js';
export * from './intruder.js';
export * from './ports.js';
export * from './testnet.js';
export * from './wait.js';
