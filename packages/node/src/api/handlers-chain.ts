/** Handlers of the chain routes: genesis, blocks, txs (with Merkle proofs), tx submission. */
import {
  type BlockListResponse,
  type BlockResponse,
  type BlockTxIdsResponse,
  blockSpans,
  bytesEqual,
  codecs,
  fromHex,
  type GenesisResponse,
  LeagError,
  merkleProof,
  merkleRoot,
  type SubmitTxResponse,
  signedTxIdOfEncoding,
  type TxResponse,
  toHex,
  toJson,
  txId,
} from '@leag/core';
import { blockHashOf, decodeBlock, genesisHashOf } from '../ledger/index.js';
import type { ApiContext } from './context.js';
import { notFound } from './errors.js';
import { parseTxJson, parseU64 } from './parse.js';

export type Req = { params: Record<string, string>; query: Record<string, string | number>; body: unknown };

async function loadBlock(c: ApiContext, height: bigint) {
  const bytes = await c.ledger.store.getBlock(height);
  if (bytes === undefined) throw notFound(`block ${height}`);
  return decodeBlock(bytes, c.ctx.limits.maxBlockBytes + 1024);
}

/** The block height a route's :height names ("latest": the head). */
const heightParam = (c: ApiContext, r: Req): bigint =>
  r.params.height === 'latest' ? c.ledger.head.height : parseU64(r.params.height ?? '', 'height');

export const chainHandlers = {
  async getGenesis(c: ApiContext): Promise<GenesisResponse> {
    return { genesisHash: toHex(genesisHashOf(c.ctx.genesis)), genesis: toJson('Genesis', c.ctx.genesis) };
  },

  async getBlock(c: ApiContext, r: Req): Promise<BlockResponse> {
    const h = heightParam(c, r);
    const block = await loadBlock(c, h);
    const certBytes = await c.ledger.store.getCertificate(h);
    const hash = blockHashOf(block.header);
    return {
      height: h.toString(),
      hash: toHex(hash),
      block: toJson('Block', block),
      txIds: block.txs.map((t) => toHex(txId(t.tx))),
      ...(certBytes === undefined
        ? {}
        : { cert: toJson('CommitCertificate', codecs.CommitCertificate.decode(certBytes)) }),
    };
  },

  /**
   * The ids of a block's txs read from its stored bytes without decoding the txs: the full view of
   * a settling block (tens of thousands of outputs, decoded and turned into JSON) held the node's
   * event loop for about a second, which a client following the chain paid at every window. The
   * spans are checked against the header's tx root before their ids are given.
   */
  async getBlockTxIds(c: ApiContext, r: Req): Promise<BlockTxIdsResponse> {
    const h = heightParam(c, r);
    const bytes = await c.ledger.store.getBlock(h);
    if (bytes === undefined) throw notFound(`block ${h}`);
    const spans = blockSpans(bytes);
    const header = codecs.BlockHeader.decode(spans.header);
    if (!bytesEqual(merkleRoot(spans.txs), header.txRoot))
      throw new LeagError('STORE_CORRUPT', `block ${h}: its stored txs do not match its tx root`);
    return {
      height: h.toString(),
      hash: toHex(blockHashOf(header)),
      txIds: spans.txs.map((t) => toHex(signedTxIdOfEncoding(t))),
    };
  },

  async listBlocks(c: ApiContext, r: Req): Promise<BlockListResponse> {
    const head = c.ledger.head.height;
    const from = r.query.from === undefined ? head : parseU64(String(r.query.from), 'from');
    const limit = Number(r.query.limit ?? 20);
    const blocks: BlockListResponse['blocks'] = [];
    const top = [from, head].sort((a, b) => (a < b ? -1 : 1))[0] as bigint;
    for (let h = top; h >= 0n && blocks.length < limit; h--) {
      const b = await loadBlock(c, h);
      blocks.push({
        height: h.toString(),
        hash: toHex(blockHashOf(b.header)),
        timestampMs: b.header.timestampMs.toString(),
        proposer: b.header.proposer,
        txCount: b.txs.length,
        stateRoot: toHex(b.header.stateRoot),
        settlementHash: toHex(b.header.settlementHash),
      });
    }
    return { blocks };
  },

  async getTx(c: ApiContext, r: Req): Promise<TxResponse> {
    const id = fromHex(r.params.id ?? '', 32);
    const pending = c.mempool.get(id);
    if (pending !== undefined) return { txId: toHex(id), status: 'accepted', tx: toJson('SignedTx', pending.stx) };
    const found = await c.ledger.getTx(id);
    if (found === undefined) throw notFound(`tx ${toHex(id)}`);
    const block = await loadBlock(c, found.height);
    const leaves = block.txs.map((t) => codecs.SignedTx.encode(t));
    return {
      txId: toHex(id),
      status: 'committed',
      tx: toJson('SignedTx', found.tx),
      height: found.height.toString(),
      position: found.position,
      blockHash: toHex(blockHashOf(block.header)),
      proof: {
        txRoot: toHex(block.header.txRoot),
        leaf: toHex(leaves[found.position] as Uint8Array),
        proof: toJson('MerkleProof', merkleProof(leaves, found.position)),
      },
    };
  },

  async submitTx(c: ApiContext, r: Req): Promise<SubmitTxResponse> {
    const stx = parseTxJson((r.body as { tx: unknown }).tx);
    const res = await c.intake.submit(stx, 'api');
    return {
      txId: toHex(res.id),
      status: res.status,
      ...(res.height === undefined ? {} : { height: res.height.toString() }),
    };
  },
};
