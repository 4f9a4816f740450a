export { type AccountRecord, AccountsRepository } from './accounts-repo.js';
export { Bucket, bucketPrefix } from './buckets.js';
export {
  bytesEqual,
  compareBytes,
  concatBytes,
  fromHex,
  prefixEnd,
  readU32be,
  readU64be,
  toHex,
  u32be,
  u64be,
} from './bytes.js';
export {
  ChainStore,
  type ChainStoreOptions,
  type CommitBundle,
  type CommitStage,
  STORE_SCHEMA_VERSION,
  type StateWrite,
} from './chain-store.js';
export { seal, unseal } from './checksum.js';
export { type TxLocation, txLocationCodec, u64Codec, utf8Codec } from './codecs.js';
export type { DbController, DbOp, DbRange } from './db.js';
export { type HeadRecord, headCodec } from './head.js';
export { LevelDb } from './level-db.js';
export { MemoryDb } from './memory-db.js';
export { bytesCodec, type Codec, Repository, type RepositoryOptions } from './repository.js';
export { ConsensusWal } from './wal.js';
