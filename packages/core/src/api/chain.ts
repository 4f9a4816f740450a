/** Schemas of the chain routes: status, genesis, blocks, transactions. */
import { Type } from '@sinclair/typebox';
import { Hash32, Hex, ProtoJson, U64 } from './common.js';

export const ValidatorStatus = Type.Object({
  index: Type.Integer(),
  name: Type.String(),
  pubkey: Hex(33),
  credit: Type.Integer(),
  weight: Type.Integer(),
  connected: Type.Boolean({ description: 'this node has a live connection to it (true for itself)' }),
});

export const StatusResponse = Type.Object({
  chainId: Type.String(),
  nodeIndex: Type.Integer(),
  nodeName: Type.String(),
  genesisHash: Hash32,
  height: U64,
  headHash: Hash32,
  stateRoot: Hash32,
  headTimeMs: U64,
  view: U64,
  leader: Type.Integer({ description: 'validator index of the primary for the next height in the current view' }),
  inViewChange: Type.Boolean(),
  consensus: Type.Object({
    quorumRule: Type.Union([Type.Literal('weighted'), Type.Literal('plain')], {
      description: 'genesis consensus.weighted: credit-weighted quorums or plain PBFT (every validator weight 1)',
    }),
    faultTolerance: Type.Integer({ description: 'tolerated byzantine validators f (genesis)' }),
    quorum: Type.Integer({ description: "weight a quorum needs in the next height's epoch" }),
  }),
  validators: Type.Array(ValidatorStatus),
  peers: Type.Integer({ description: 'connected validator peers' }),
  window: Type.Object({ current: U64, startMs: U64, endMs: U64, lengthMs: U64 }),
  mempool: Type.Object({ size: Type.Integer(), capacity: Type.Integer() }),
  faucetEnabled: Type.Boolean(),
  version: Type.String(),
});

export const GenesisResponse = Type.Object({ genesisHash: Hash32, genesis: ProtoJson('Genesis') });

export const HeightParams = Type.Object({
  height: Type.String({ pattern: '^(latest|0|[1-9][0-9]{0,19})$', description: 'a height or "latest"' }),
});

export const BlockResponse = Type.Object({
  height: U64,
  hash: Hash32,
  block: ProtoJson('Block'),
  /** Ids of the block's txs, in block order. */
  txIds: Type.Optional(Type.Array(Hash32)),
  /** The commit certificate of this block (known once the next block or a catch-up carried it). */
  cert: Type.Optional(ProtoJson('CommitCertificate')),
});

/** A block's hash and the ids of its txs, in block order (the txs not decoded: cheap for a settling block). */
export const BlockTxIdsResponse = Type.Object({
  height: U64,
  hash: Hash32,
  txIds: Type.Array(Hash32),
});

export const BlockHashParams = Type.Object({ hash: Hash32 });

export const BlockListQuery = Type.Object({
  from: Type.Optional(U64),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});

export const BlockSummary = Type.Object({
  height: U64,
  hash: Hash32,
  timestampMs: U64,
  proposer: Type.Integer(),
  txCount: Type.Integer(),
  stateRoot: Hash32,
  settlementHash: Hex(),
});

export const BlockListResponse = Type.Object({ blocks: Type.Array(BlockSummary) });

export const TxIdParams = Type.Object({ id: Hash32 });

export const SubmitTxBody = Type.Object({ tx: ProtoJson('SignedTx') }, { additionalProperties: false });

export const TxStatus = Type.Union([Type.Literal('accepted'), Type.Literal('committed')], {
  description: 'accepted: durably in this node’s mempool; committed: in a block',
});

export const SubmitTxResponse = Type.Object({
  txId: Hash32,
  status: TxStatus,
  height: Type.Optional(U64),
});

export const TxResponse = Type.Object({
  txId: Hash32,
  status: TxStatus,
  tx: ProtoJson('SignedTx'),
  height: Type.Optional(U64),
  position: Type.Optional(Type.Integer()),
  blockHash: Type.Optional(Hash32),
  /** Inclusion proof of the tx's canonical SignedTx encoding under the block header's tx_root. */
  proof: Type.Optional(Type.Object({ txRoot: Hash32, leaf: Hex(), proof: ProtoJson('MerkleProof') })),
});

export const EvidenceListQuery = Type.Object({
  validator: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295, description: 'only this validator' })),
});

/** One piece of equivocation evidence on chain: two conflicting signed votes of one validator. */
export const EvidenceEntry = Type.Object({
  validator: Type.Integer({ description: 'index of the accused validator' }),
  name: Type.String(),
  phase: Type.String({ description: 'phase of the two votes (PRE_PREPARE, PREPARE, COMMIT)' }),
  view: U64,
  height: U64,
  blockHashes: Type.Array(Hash32, { description: 'the two different block hashes the validator signed' }),
  txId: Hash32,
  includedAt: U64,
});

export const EvidenceListResponse = Type.Object({ evidence: Type.Array(EvidenceEntry) });
