/**
 * Authority and validator txs: mint (the authority's faucet / fiat top-up), address grants (a
 * validator puts an EV's wallet addresses on chain, with the hash of its certificate and no
 * identity), market parameter updates (authority, for a future window) and evidence (two
 * conflicting signed votes of one validator).
 */

import { resolveParams } from '@leag/contract-vm';
import { MAX_MONEY, type Tx, type TxOutput } from '@leag/core';
import { bytesEqual, toHex } from '../storage/bytes.js';
import { contractParams } from './clearing.js';
import { verifyVote } from './codec.js';
import { need } from './fail.js';
import { ledgerMarket } from './market.js';
import { keys, type Tables } from './state-tables.js';
import type { TxEnv } from './tx-env.js';
import { applyCoins } from './tx-inputs.js';

export function applyMint(tx: Tx, txId: Uint8Array, t: Tables, env: TxEnv): void {
  const m = tx.mint as NonNullable<Tx['mint']>;
  need(m.to.length === 20, 'TX_BAD_ADDRESS', () => `mint recipient must be 20 bytes, found ${m.to.length}`);
  const o = tx.outputs[0] as TxOutput;
  need(
    tx.outputs.length === 1 && bytesEqual(o.address, m.to) && o.value === m.value,
    'TX_MINT_OUTPUT_MISMATCH',
    () => `a mint has exactly one output paying ${m.value} µ to ${toHex(m.to)}`,
  );
  const s = t.supply();
  need(
    s.minted + s.gridIssued + m.value <= MAX_MONEY,
    'TX_SUPPLY_OVERFLOW',
    () => `minting ${m.value} µ would take the money supply over ${MAX_MONEY}`,
  );
  applyCoins(tx, txId, t);
  t.setSupply({ ...s, minted: s.minted + m.value });
  t.markSeen(txId, env.height);
}

export function applyGrant(tx: Tx, txId: Uint8Array, t: Tables, env: TxEnv): void {
  const g = tx.addressGrant as NonNullable<Tx['addressGrant']>;
  const max = env.ctx.limits.maxGrantAddresses;
  need(g.addresses.length > 0, 'TX_GRANT_EMPTY', 'an address grant must list at least one address');
  need(
    g.addresses.length <= max,
    'TX_GRANT_TOO_MANY',
    () => `an address grant lists at most ${max} addresses, found ${g.addresses.length}`,
  );
  need(
    g.certHash.length === 32,
    'TX_GRANT_BAD_CERT_HASH',
    () => `cert_hash must be 32 bytes, found ${g.certHash.length}`,
  );
  const seen = new Set<string>();
  g.addresses.forEach((a, i) => {
    need(a.length === 20, 'TX_BAD_ADDRESS', () => `granted address ${i} must be 20 bytes, found ${a.length}`);
    need(!seen.has(toHex(a)), 'TX_GRANT_DUPLICATE', () => `granted address ${i} (${toHex(a)}) is listed twice`);
    seen.add(toHex(a));
    need(!t.isGranted(a), 'TX_ADDRESS_ALREADY_GRANTED', () => `address ${toHex(a)} is already granted`);
  });
  for (const a of g.addresses) t.grantAddress(a, g.granter, g.certHash);
  t.markSeen(txId, env.height);
}

export function applyParamUpdate(tx: Tx, txId: Uint8Array, t: Tables, env: TxEnv): void {
  const u = tx.paramUpdate as NonNullable<Tx['paramUpdate']>;
  need(
    u.effectiveWindow > env.window,
    'TX_PARAM_WINDOW',
    () => `a parameter update must take effect in a future window (after ${env.window}), found ${u.effectiveWindow}`,
  );
  need(
    !t.view.has(keys.params(u.effectiveWindow)),
    'TX_PARAM_DUPLICATE',
    () => `window ${u.effectiveWindow} already has a parameter update`,
  );
  try {
    ledgerMarket(u.params);
    resolveParams(contractParams(u.params));
  } catch (e) {
    need(false, 'TX_PARAM_INVALID', () => `parameter update is not valid: ${(e as Error).message}`);
  }
  t.setParams(u.effectiveWindow, u.params);
  t.markSeen(txId, env.height);
}

export function applyEvidence(tx: Tx, txId: Uint8Array, t: Tables, env: TxEnv): void {
  const ev = (tx.evidence as NonNullable<Tx['evidence']>).evidence;
  const { a, b } = ev;
  need(
    a.validator === b.validator &&
      a.height === b.height &&
      a.view === b.view &&
      a.phase === b.phase &&
      !bytesEqual(a.blockHash, b.blockHash),
    'TX_EVIDENCE_NOT_CONFLICTING',
    'evidence must be two votes of one validator for the same phase, view and height on different block hashes',
  );
  const v = env.ctx.validatorKeys.get(a.validator);
  need(v !== undefined, 'TX_EVIDENCE_UNKNOWN_VALIDATOR', () => `validator ${a.validator} is not in genesis`);
  need(
    verifyVote(a, v.pubkey, env.ctx.chainId) && verifyVote(b, v.pubkey, env.ctx.chainId),
    'TX_EVIDENCE_BAD_SIGNATURE',
    () => `a vote of the evidence is not signed by validator ${a.validator}`,
  );
  const k = keys.evidence(a.validator, a.height, a.view, a.phase);
  need(
    !t.view.has(k),
    'TX_EVIDENCE_DUPLICATE',
    () => `evidence against validator ${a.validator} at height ${a.height}, view ${a.view} is already on chain`,
  );
  t.view.set(k, keys.seen(txId).subarray(1));
  t.markSeen(txId, env.height);
}
