/**
 * The permissioned connection gater: only genesis validators may connect. Denies in dial and in
 * both encrypted-connection hooks (a gater that only denies inbound lets the dialer believe it
 * connected, since Noise completes first: dependencies.md, pitfall 2).
 */
import type { ConnectionGater, PeerId } from '@libp2p/interface';

export function validatorGater(
  allowed: ReadonlySet<string>,
  onDeny: (peer: string, where: string) => void,
): ConnectionGater {
  const deny = (peer: PeerId, where: string): boolean => {
    const id = peer.toString();
    if (allowed.has(id)) return false;
    onDeny(id, where);
    return true;
  };
  return {
    denyDialPeer: (p) => deny(p, 'dial'),
    denyInboundEncryptedConnection: (p) => deny(p, 'inbound'),
    denyOutboundEncryptedConnection: (p) => deny(p, 'outbound'),
    denyInboundUpgradedConnection: (p) => deny(p, 'inbound-upgraded'),
    denyOutboundUpgradedConnection: (p) => deny(p, 'outbound-upgraded'),
  };
}
