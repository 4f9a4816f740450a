/**
 * Which consensus WAL records a committed block makes obsolete. The WAL holds the guard's signed
 * records (consensus guard.ts); the replica needs back on restart only those it could still be
 * asked to sign again, which are exactly the ones its own SignGuard keeps in memory:
 *  - votes, proposals and checkpoints at or above the committed height (below it nothing is ever
 *    signed again: the replica ignores messages for committed heights);
 *  - view changes and new views of the current view - 1 and above.
 * A restarted replica resumes in the highest view its records show, so the records of the highest
 * view ever signed are kept too: its newest record (without it a node that entered view v through
 * a NEW-VIEW, signing no VIEW-CHANGE, and whose view-v votes all fell below the committed height
 * would restart in an older view than it already voted in) and its VIEW-CHANGE and NEW-VIEW (the
 * restarted replica is in that view again and must not sign a different one for it). Every other
 * record below that view is for a view the restarted replica never signs in again.
 */
import { isPrunable, type SignedRecord } from '@leag/consensus';

/** A WAL entry's sequence number and the part of its record that decides its fate. */
export interface WalMeta extends Pick<SignedRecord, 'phase' | 'view' | 'height' | 'digest'> {
  seq: bigint;
}

export function walMeta(seq: bigint, r: SignedRecord): WalMeta {
  return { seq, phase: r.phase, view: r.view, height: r.height, digest: r.digest };
}

/**
 * Sequence numbers of the entries that can be deleted once `committed` is durably committed and
 * the replica is in `view`: isPrunable(record, committed, view - 1), except the highest view's
 * newest record and its view-change records.
 */
export function obsoleteWalEntries(entries: readonly WalMeta[], committed: bigint, view: bigint): bigint[] {
  let newest: WalMeta | undefined;
  for (const e of entries) if (newest === undefined || e.view >= newest.view) newest = e;
  const top = newest?.view ?? 0n;
  const minView = view - 1n;
  const keep = (e: WalMeta) => e === newest || (e.view === top && e.height === 0n);
  return entries.filter((e) => !keep(e) && isPrunable(e, committed, minView)).map((e) => e.seq);
}
