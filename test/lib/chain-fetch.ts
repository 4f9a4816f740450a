/** Reads a node's chain through its HTTP API (blocks, summaries), waiting out 429 answers. */
import {
  type Block,
  type BlockListResponse,
  type BlockResponse,
  type CommitCertificate,
  fromJson,
  LeagError,
  type RouteName,
} from '@leag/core';
import { type Answer, api, sleep } from './api.js';

/** A GET that retries 429 (after Retry-After) and transport errors, for up to `timeoutMs`. */
export async function patientGet<T>(
  base: string,
  name: RouteName,
  o: { params?: Record<string, string>; query?: string } = {},
  timeoutMs = 30_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: Answer<T> | string = 'no answer';
  while (Date.now() < end) {
    try {
      const r = await api<T>(base, name, o);
      if (r.status === 200) return r.body;
      last = r;
      if (r.status !== 429 && r.status < 500) break;
      await sleep(Math.min(5000, 1000 * Number(r.headers.get('retry-after') ?? '1')));
    } catch (e) {
      last = (e as Error).message;
      await sleep(300);
    }
  }
  const what = typeof last === 'string' ? last : `${last.status} ${JSON.stringify(last.body).slice(0, 200)}`;
  throw new LeagError('TESTNET_API', `${name} ${JSON.stringify(o)} at ${base}: ${what}`);
}

export interface FetchedBlock {
  height: bigint;
  hash: string;
  block: Block;
  cert: CommitCertificate | undefined;
}

export async function fetchBlock(base: string, h: bigint): Promise<FetchedBlock> {
  const r = await patientGet<BlockResponse>(base, 'getBlock', { params: { height: h.toString() } });
  return {
    height: BigInt(r.height),
    hash: r.hash,
    block: fromJson('Block', r.block) as Block,
    cert: r.cert === undefined ? undefined : (fromJson('CommitCertificate', r.cert) as CommitCertificate),
  };
}

export interface Summary {
  hash: string;
  stateRoot: string;
}

/** Hash and state root of every height 1..to on one node, by listBlocks pages of 100. */
export async function fetchSummaries(base: string, to: bigint): Promise<Map<bigint, Summary>> {
  const out = new Map<bigint, Summary>();
  let from = to;
  while (from >= 1n) {
    const r = await patientGet<BlockListResponse>(base, 'listBlocks', { query: `?from=${from}&limit=100` });
    if (r.blocks.length === 0) break;
    for (const b of r.blocks) out.set(BigInt(b.height), { hash: b.hash, stateRoot: b.stateRoot });
    const low = BigInt(r.blocks.at(-1)?.height ?? '1');
    from = low - 1n;
  }
  return out;
}
