/**
 * settlementHash: the tagged hash of the Settlement's canonical protobuf encoding, through
 * @leag/core's codecs: hashOf('Settlement', s) = taggedHash('leag/Settlement', encode(s)).
 * Nodes compare it to detect any divergence in the contract's result.
 */
import { encode, hashOf, toHex } from '@leag/core';
import type { Settlement } from './settlement.js';

/** The canonical protobuf bytes of a settlement. */
export const encodeSettlement = (s: Settlement): Uint8Array => encode('Settlement', s);

/** Hex of the settlement's tagged hash. */
export const settlementHash = (s: Settlement): string => toHex(hashOf('Settlement', s));
