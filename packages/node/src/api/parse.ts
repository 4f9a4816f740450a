/** Request parsing helpers: addresses (bech32m or hex), hex ids, heights, windows, JSON-form txs. */
import { fromHex, fromJson, LeagError, parseAddress, type SignedTx, sealSignedTx } from '@leag/core';

export function parseAddressText(text: string): Uint8Array {
  if (/^[0-9a-fA-F]{40}$/.test(text)) return fromHex(text.toLowerCase(), 20);
  return parseAddress(text);
}

/** A submitted tx, sealed (the node never changes it), so it is encoded and hashed once. */
export function parseTxJson(json: unknown): SignedTx {
  return sealSignedTx(fromJson('SignedTx', json));
}

export function parseU64(text: string, what: string): bigint {
  if (!/^(0|[1-9][0-9]{0,19})$/.test(text)) throw new LeagError('API_BAD_NUMBER', `${what} must be a decimal integer`);
  const v = BigInt(text);
  if (v >= 1n << 64n) throw new LeagError('API_BAD_NUMBER', `${what} must fit in 64 bits`);
  return v;
}
