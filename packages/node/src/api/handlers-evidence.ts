/**
 * GET /v1/evidence: the equivocation evidence on chain, read from the ledger's evidence table
 * (one entry per validator, phase, view and height; the value is the EvidenceTx's id) with the
 * block that included each piece.
 */
import { type EvidenceEntry, type EvidenceListResponse, LeagError, Phase, toHex } from '@leag/core';
import { Table } from '../ledger/index.js';
import { readU32be, readU64be } from '../storage/bytes.js';
import type { ApiContext } from './context.js';
import type { Req } from './handlers-chain.js';

const PHASE_NAMES = new Map<number, string>(Object.entries(Phase).map(([k, v]) => [v, k]));

/** Key layout (state-tables.ts): tag ‖ validator u32 ‖ height u64 ‖ view u64 ‖ phase u32. */
const KEY_BYTES = 1 + 4 + 8 + 8 + 4;

export const evidenceHandlers = {
  async listEvidence(c: ApiContext, r: Req): Promise<EvidenceListResponse> {
    const only = r.query.validator === undefined ? null : Number(r.query.validator);
    const rows: (EvidenceEntry & { at: bigint })[] = [];
    for (const [k, v] of c.ledger.state.tableEntries(Table.evidence)) {
      if (k.length !== KEY_BYTES || v.length !== 32)
        throw new LeagError('STORE_CORRUPT', `evidence table entry ${toHex(k)} has the wrong shape`);
      const validator = readU32be(k, 1);
      if (only !== null && validator !== only) continue;
      const found = await c.ledger.getTx(v);
      const ev = found?.tx.tx.evidence?.evidence;
      if (found === undefined || ev === undefined)
        throw new LeagError('STORE_CORRUPT', `evidence tx ${toHex(v)} is in the state but not in a block`);
      const phase = readU32be(k, 21);
      rows.push({
        validator,
        name: c.ctx.genesis.validators[validator]?.name ?? '',
        phase: PHASE_NAMES.get(phase) ?? String(phase),
        view: readU64be(k, 13).toString(),
        height: readU64be(k, 5).toString(),
        blockHashes: [toHex(ev.a.blockHash), toHex(ev.b.blockHash)],
        txId: toHex(v),
        includedAt: found.height.toString(),
        at: found.height,
      });
    }
    rows.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.validator - b.validator));
    return { evidence: rows.map(({ at: _at, ...e }) => e) };
  },
};
