/**
 * Ledger and storage benchmark (one JSON line on stdout, progress on stderr):
 * - apply (validate, signatures off) + commit (one synced LevelDB batch) of blocks of 1 000 and
 *   10 000 transfers; the signatures of the same blocks verified separately (node:crypto path);
 * - bytes written per tx (keys + values of the commit batch) and on-disk growth;
 * - open time of a store with 100 000 blocks (empty blocks, generated here with unsynced commits);
 * - the clearing block of a window of 20 000 and of 40 000 orders (the cap): build, validate,
 *   commit and their parts (clearing-block.ts).
 * LEAG_BENCH_BLOCKS overrides the 100 000.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_MARKET_PARAMS,
  type Genesis,
  LeagError,
  publicKeyOf,
  type SignedTx,
  secretKeyFromSeed,
  signTx,
  TxKind,
  utf8,
} from '@leag/core';
import {
  addressOf,
  chainContext,
  DEFAULT_LIMITS,
  genesisHashOf,
  Ledger,
  txSigningMessage,
  verifySig,
} from '../src/ledger/index.js';
import { type DbController, type DbOp, LevelDb } from '../src/storage/index.js';
import { clearingBlock } from './clearing-block.js';

const log = (s: string) => process.stderr.write(`${s}\n`);
const now = () => performance.now();
const SIZES = [1_000, 10_000];
const EMPTY_BLOCKS = Number(process.env.LEAG_BENCH_BLOCKS ?? 100_000);
/** Window sizes of the clearing-block runs: half and all of the ledger's 40 000-order window cap. */
const CLEARING_ORDERS = [DEFAULT_LIMITS.maxWindowOrders / 2, DEFAULT_LIMITS.maxWindowOrders];
const T0 = 1_700_000_000_000n;

class CountingDb implements DbController {
  bytes = 0;
  constructor(private readonly inner: DbController) {}
  get(k: Uint8Array) {
    return this.inner.get(k);
  }
  batch(ops: DbOp[], opts?: { sync?: boolean }) {
    for (const o of ops) this.bytes += o.key.length + (o.type === 'put' ? o.value.length : 0);
    return this.inner.batch(ops, opts);
  }
  entries(r: Parameters<DbController['entries']>[0]) {
    return this.inner.entries(r);
  }
  clear(r: Parameters<DbController['clear']>[0]) {
    return this.inner.clear(r);
  }
  close() {
    return this.inner.close();
  }
}

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

const MARKET = DEFAULT_MARKET_PARAMS;
function genesisWith(wallets: { addr: Uint8Array }[]): Genesis {
  const v = publicKeyOf(secretKeyFromSeed(utf8('bench-validator')));
  return {
    chainId: 'leag-bench',
    genesisTimeMs: T0,
    windowMs: 60_000n,
    validators: [{ index: 0, pubkey: v, name: 'v0', multiaddr: '' }],
    authorityPubkey: publicKeyOf(secretKeyFromSeed(utf8('bench-authority'))),
    gridAddress: new Uint8Array(20).fill(9),
    marketParams: MARKET,
    creditParams: {
      initial: 1n,
      min: 0n,
      max: 1n,
      perCommit: 0n,
      perProposal: 0n,
      viewChangePenalty: 0n,
      leaderThreshold: 0n,
      epochBlocks: 1n,
    },
    faultToleranceF: 0,
    faucetEnabled: false,
    initialOutputs: wallets.map((w) => ({ value: 1_000_000_000n, energyWh: 0n, address: w.addr, escrowWindow: 0n })),
  };
}

async function txBlocks() {
  const total = SIZES.reduce((a, b) => a + b, 0);
  let t = now();
  // 1 000 keys, each owning many genesis coins (one per tx): key generation is not what is measured.
  const keys = Array.from({ length: 1_000 }, (_, i) => {
    const sk = secretKeyFromSeed(utf8(`bench-ev-${i}`));
    return { sk, addr: addressOf(publicKeyOf(sk)) };
  });
  const wallets = Array.from({ length: total }, (_, i) => keys[i % keys.length] as (typeof keys)[0]);
  log(`keys: ${(now() - t).toFixed(0)} ms`);
  const genesis = genesisWith(wallets);
  const ctx = chainContext(genesis);
  const gh = genesisHashOf(genesis);
  t = now();
  const txsOf = (from: number, n: number): SignedTx[] =>
    Array.from({ length: n }, (_, k) => {
      const i = from + k;
      const w = wallets[i] as (typeof wallets)[0];
      const to = wallets[(i + 1) % total] as (typeof wallets)[0];
      return signTx(
        {
          version: 1,
          chainId: ctx.chainId,
          kind: TxKind.TX_KIND_TRANSFER,
          inputs: [{ prev: { txId: gh, index: i } }],
          outputs: [
            { value: 400_000_000n, energyWh: 0n, address: to.addr, escrowWindow: 0n },
            { value: 600_000_000n, energyWh: 0n, address: w.addr, escrowWindow: 0n },
          ],
          lockTime: 0n,
          transfer: { memo: '' },
        },
        [w.sk],
      );
    });
  const batches: SignedTx[][] = [];
  let from = 0;
  for (const n of SIZES) {
    batches.push(txsOf(from, n));
    from += n;
  }
  log(`signing ${total} txs: ${(now() - t).toFixed(0)} ms`);
  const dir = mkdtempSync(join(tmpdir(), 'leag-bench-'));
  const db = new CountingDb(await LevelDb.open(dir));
  const ledger = await Ledger.open(db, ctx);
  const results: Record<string, unknown> = {};
  let ts = T0 + 1000n;
  for (const [bi, txs] of batches.entries()) {
    const n = txs.length;
    const proposal = ledger.propose({
      timestampMs: (ts += 1000n),
      proposer: 0,
      txs,
      verifySignatures: false,
      parentCert:
        ledger.head.height === 0n
          ? undefined
          : { view: 0n, height: ledger.head.height, blockHash: ledger.head.hash, commits: [] },
    });
    if (proposal.rejected.length > 0)
      throw new LeagError('BENCH_FAILED', `bench txs rejected: ${proposal.rejected[0]?.error.message}`);
    let t1 = now();
    let ok = 0;
    for (const stx of proposal.block.txs) {
      const msg = txSigningMessage(stx.tx);
      for (const wi of stx.witnesses) if (verifySig(wi.pubkey, msg, wi.signature)) ok++;
    }
    const sigMs = now() - t1;
    if (ok !== n) throw new LeagError('BENCH_FAILED', 'a bench signature did not verify');
    t1 = now();
    const r = ledger.validate(proposal.block, { verifySignatures: false });
    const applyMs = now() - t1;
    const before = db.bytes;
    const disk0 = dirBytes(dir);
    t1 = now();
    await ledger.commit(r);
    const commitMs = now() - t1;
    const written = db.bytes - before;
    results[`block_${n}`] = {
      txs: n,
      apply_ms: +applyMs.toFixed(1),
      commit_ms: +commitMs.toFixed(1),
      apply_commit_tx_per_s: Math.round(n / ((applyMs + commitMs) / 1000)),
      sig_verify_ms: +sigMs.toFixed(1),
      sig_verify_per_s: Math.round(n / (sigMs / 1000)),
      bytes_written_per_tx: Math.round(written / n),
      disk_growth_per_tx: Math.round((dirBytes(dir) - disk0) / n),
    };
    log(`block ${bi + 1} (${n} txs): ${JSON.stringify(results[`block_${n}`])}`);
  }
  await ledger.close();
  const t2 = now();
  const reopened = await Ledger.open(await LevelDb.open(dir), ctx);
  results.open_with_utxos_ms = +(now() - t2).toFixed(1);
  results.utxos = total * 2;
  await reopened.close();
  rmSync(dir, { recursive: true, force: true });
  return results;
}

async function openTime() {
  const genesis = genesisWith([{ addr: new Uint8Array(20).fill(1) }]);
  const ctx = chainContext(genesis);
  const dir = mkdtempSync(join(tmpdir(), 'leag-bench-open-'));
  const ledger = await Ledger.open(await LevelDb.open(dir), ctx, { sync: false });
  let t = now();
  for (let h = 1; h <= EMPTY_BLOCKS; h++) {
    const head = ledger.head;
    const r = ledger.propose({
      timestampMs: T0 + BigInt(h) * 100n,
      proposer: 0,
      txs: [],
      parentCert: h === 1 ? undefined : { view: 0n, height: head.height, blockHash: head.hash, commits: [] },
    });
    await ledger.commit(r);
    if (h % 20_000 === 0) log(`generated ${h} blocks (${((now() - t) / 1000).toFixed(1)} s)`);
  }
  const genMs = now() - t;
  await ledger.close();
  const diskMb = dirBytes(dir) / 1e6;
  t = now();
  const reopened = await Ledger.open(await LevelDb.open(dir), ctx);
  const openMs = now() - t;
  if (reopened.head.height !== BigInt(EMPTY_BLOCKS)) throw new LeagError('BENCH_FAILED', 'wrong head after reopen');
  t = now();
  const n = await reopened.store.verifyAllBlocks();
  const scanMs = now() - t;
  await reopened.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    blocks: n,
    generate_blocks_per_s: Math.round(EMPTY_BLOCKS / (genMs / 1000)),
    open_ms: +openMs.toFixed(1),
    full_block_scan_ms: +scanMs.toFixed(1),
    disk_mb: +diskMb.toFixed(1),
  };
}

const blocks = await txBlocks();
const store = await openTime();
const clearing = [];
for (const n of CLEARING_ORDERS) {
  const r = await clearingBlock(n, 3, log);
  log(`clearing block (${n} orders): ${JSON.stringify(r)}`);
  clearing.push(r);
}
console.log(JSON.stringify({ bench: 'ledger', ...blocks, store_100k: store, clearing_block: clearing }));
