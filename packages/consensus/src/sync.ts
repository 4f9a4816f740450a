/**
 * Catching up: a node that learned (from weight >= F + 1, or from a verified certificate) that
 * others are ahead asks the driver for committed blocks; each arrives with its commit certificate,
 * which is verified before the block is committed. No peer is trusted.
 */

import { requestSync } from './checkpoint.js';
import type { ReplicaCore } from './core.js';
import { commitBlock } from './normal.js';
import type { CommitCertificate } from './types.js';
import { commitCertificateError } from './verify.js';

export function onSyncBlock<B>(r: ReplicaCore<B>, block: B, cert: CommitCertificate): boolean {
  if (cert.height !== r.height + 1n) return false;
  const hash = r.deps.hashBlock(block);
  if (!r.sameHash(hash, cert.blockHash)) return false;
  if (commitCertificateError(r.ctx, r.epoch.quorum, cert) !== null) return false;
  commitBlock(r, block, hash, cert);
  // Progress: keep the retry timer from firing while blocks keep coming.
  if (r.syncing) r.setTimer({ kind: 'sync', view: r.view, height: r.height + 1n }, r.p.syncRetryMs);
  return true;
}

export function onSyncTimeout<B>(r: ReplicaCore<B>): void {
  r.syncing = false;
  const next = r.height + 1n;
  const ahead = [...r.aheadSeen].filter(([, h]) => h > next).map(([v]) => v);
  let w = 0;
  for (const v of ahead) w += r.epoch.quorum.weights[v] ?? 0;
  if (w >= r.epoch.quorum.oneHonest || r.pendingNewView !== null) requestSync(r);
}
