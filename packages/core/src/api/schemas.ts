/** Every schema of the API in one namespace (ApiSchemas.StatusResponse, ...). */
export * from './accounts.js';
export * from './chain.js';
export * from './common.js';
export * from './market.js';
