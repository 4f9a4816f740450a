/**
 * Witnesses: witness i unlocks input i (its key's address must own the coin); kinds with a payload
 * signer (the order's address, the authority, the granting validator, ...) carry one more witness
 * after them. Every witness signs the tx's signing digest (domain tag + chain id + tx bytes).
 * Order: count, low-S, key ↔ owner, then (unless checked separately) the ECDSA verification, once
 * per distinct witness (a witness byte for byte like an earlier one signs the same digest).
 */
import { repeatsEarlierWitness, type SignedTx, TxKind, type TxOutput } from '@leag/core';
import { bytesEqual, toHex } from '../storage/bytes.js';
import { addressOf, isHighS, txSigningMessage, verifySig } from './codec.js';
import type { ChainContext } from './context.js';
import { fail, need } from './fail.js';

/** Who must sign a tx's payload: an address, or a specific public key. */
export type PayloadSigner = { address: Uint8Array } | { pubkey: Uint8Array } | null;

export function payloadSigner(stx: SignedTx, ctx: ChainContext): PayloadSigner {
  const tx = stx.tx;
  switch (tx.kind) {
    case TxKind.TX_KIND_BUY_ORDER:
      return { address: (tx.buyOrder as { address: Uint8Array }).address };
    case TxKind.TX_KIND_SELL_ORDER:
      return { address: (tx.sellOrder as { address: Uint8Array }).address };
    case TxKind.TX_KIND_GRID_TRADE:
      return { address: (tx.gridTrade as { address: Uint8Array }).address };
    case TxKind.TX_KIND_MINT:
    case TxKind.TX_KIND_PARAM_UPDATE:
      return { pubkey: ctx.authorityPubkey };
    case TxKind.TX_KIND_ADDRESS_GRANT: {
      const v = ctx.validatorKeys.get(tx.addressGrant?.granter ?? -1);
      if (v === undefined)
        fail('TX_GRANT_BAD_GRANTER', `granter ${tx.addressGrant?.granter} is not a validator index of this chain`);
      return { pubkey: v.pubkey };
    }
    case TxKind.TX_KIND_EVIDENCE:
      return null; // evidence carries its own signatures (the two votes)
    default:
      return null; // transfer: the inputs' witnesses; settlement: none (recomputed by every node)
  }
}

export interface SigOptions {
  /** Verify ECDSA signatures (false when a batch verifier checked them already). */
  verifySignatures: boolean;
}

export function checkWitnesses(stx: SignedTx, coins: readonly TxOutput[], ctx: ChainContext, opts: SigOptions): void {
  const signer = payloadSigner(stx, ctx);
  const want = coins.length + (signer === null ? 0 : 1);
  need(
    stx.witnesses.length === want,
    'TX_WITNESS_COUNT',
    () =>
      `tx needs ${want} witnesses (one per input${signer === null ? '' : ' plus the payload signer'}), found ${stx.witnesses.length}`,
  );
  const message = opts.verifySignatures ? txSigningMessage(stx.tx) : undefined;
  stx.witnesses.forEach((w, i) => {
    need(
      w.pubkey.length === 33,
      'TX_BAD_PUBKEY',
      () => `witness ${i} public key must be 33 bytes (compressed), found ${w.pubkey.length}`,
      { witness: i },
    );
    need(
      w.signature.length === 64,
      'TX_BAD_SIGNATURE',
      () => `witness ${i} signature must be 64 bytes (compact), found ${w.signature.length}`,
      { witness: i },
    );
    need(
      !isHighS(w.signature),
      'TX_HIGH_S',
      () => `witness ${i} signature has a high S value: only low-S signatures are valid`,
      { witness: i },
    );
    if (i < coins.length) {
      const owner = (coins[i] as TxOutput).address;
      need(
        bytesEqual(addressOf(w.pubkey), owner),
        'TX_WITNESS_MISMATCH',
        () => `witness ${i} key does not own input ${i} (owner ${toHex(owner)})`,
        { witness: i },
      );
    } else if (signer !== null && 'address' in signer) {
      need(
        bytesEqual(addressOf(w.pubkey), signer.address),
        'TX_WRONG_SIGNER',
        () => `the payload must be signed by the key of ${toHex(signer.address)}`,
        { witness: i },
      );
    } else if (signer !== null) {
      const code = stx.tx.kind === TxKind.TX_KIND_MINT ? 'TX_MINT_NOT_AUTHORITY' : 'TX_WRONG_SIGNER';
      need(bytesEqual(w.pubkey, signer.pubkey), code, () => `the payload must be signed by ${toHex(signer.pubkey)}`, {
        witness: i,
      });
    }
    if (opts.verifySignatures && !repeatsEarlierWitness(stx.witnesses, i))
      need(
        verifySig(w.pubkey, message as Uint8Array, w.signature),
        'TX_BAD_SIGNATURE',
        () => `witness ${i} signature does not verify`,
        {
          witness: i,
        },
      );
  });
}
