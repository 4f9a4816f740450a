/** A validator's secp256k1 key is its libp2p identity (dependencies.md, pitfall 11). */
import { publicKeyFromRaw } from '@libp2p/crypto/keys';
import { peerIdFromPublicKey } from '@libp2p/peer-id';

export const peerIdOfPubkey = (pubkey: Uint8Array): string => peerIdFromPublicKey(publicKeyFromRaw(pubkey)).toString();
