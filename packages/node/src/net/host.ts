/**
 * The node's libp2p host: TCP + Noise + Yamux, the validator's secp256k1 key as its identity, the
 * permissioned gater, block sync as request/answer, reconnection with exponential back-off, and
 * consensus and tx gossip as length-prefixed messages on long-lived streams: one outbound stream
 * per (peer, lane), opened on first use and reopened after a failure, each lane with its own
 * bounded queue so that tx gossip never delays a consensus vote (outbound.ts).
 */
import '@leag/core/polyfills';
import { LeagError } from '@leag/core';
import { privateKeyFromRaw, publicKeyFromRaw } from '@libp2p/crypto/keys';
import type { Connection, PeerId, Stream } from '@libp2p/interface';
import { noise } from '@libp2p/noise';
import { peerIdFromPublicKey } from '@libp2p/peer-id';
import { tcp } from '@libp2p/tcp';
import { lpStream } from '@libp2p/utils';
import { yamux } from '@libp2p/yamux';
import { multiaddr } from '@multiformats/multiaddr';
import { createLibp2p, type Libp2p } from 'libp2p';
import type { Logger } from 'pino';
import { validatorGater } from './gater.js';
import { OutboundLane, readMessage } from './outbound.js';
import {
  BACKOFF_MAX_MS,
  BACKOFF_MIN_MS,
  MAX_INBOUND_LANES,
  MAX_PEER_QUEUE,
  PROTOCOLS,
  type Protocol,
  STREAM_TIMEOUT_MS,
  SYNC_BATCH,
} from './protocols.js';
import { decodeSyncItem, decodeSyncRequest, encodeSyncItem, encodeSyncRequest, type SyncItem } from './sync-codec.js';

export interface PeerInfo {
  index: number;
  pubkey: Uint8Array;
  multiaddr: string;
}

export interface HostOptions {
  me: number;
  secretKey: Uint8Array;
  listen: string;
  validators: readonly PeerInfo[];
  maxMessageBytes: number;
}

export interface HostHandlers {
  onConsensus(from: number, bytes: Uint8Array): void;
  onTx(from: number, bytes: Uint8Array): void;
  /** Committed blocks with certificates from `fromHeight`, at most `max`. */
  onSyncRequest(from: number, fromHeight: bigint, max: number): Promise<SyncItem[]>;
}

export interface HostMetrics {
  onMessage(direction: 'in' | 'out', protocol: string, bytes: number): void;
  onDenied(): void;
}

interface Peer {
  info: PeerInfo;
  id: PeerId;
  lanes: Map<Protocol, OutboundLane>;
  backoffMs: number;
  nextDialAt: number;
}

/**
 * Bytes a stream may buffer unread: one message of the largest allowed size with its length prefix
 * (libp2p's default, 4 MiB, is below the node's message limit), and never less than that default.
 */
export const readBufferFor = (maxMessageBytes: number): number => Math.max(4 * 1024 * 1024, maxMessageBytes + 16);

export class P2pHost {
  private readonly peers = new Map<number, Peer>();
  private readonly byPeerId = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  private constructor(
    private readonly opts: HostOptions,
    private readonly node: Libp2p,
    private readonly modules: { log: Logger; handlers: HostHandlers; metrics: HostMetrics },
  ) {
    for (const v of opts.validators) {
      if (v.index === opts.me) continue;
      const id = peerIdFromPublicKey(publicKeyFromRaw(v.pubkey));
      const lanes = new Map<Protocol, OutboundLane>();
      for (const proto of [PROTOCOLS.consensus, PROTOCOLS.tx])
        lanes.set(
          proto,
          new OutboundLane(
            { proto, peer: v.index, maxQueue: MAX_PEER_QUEUE, maxMessageBytes: opts.maxMessageBytes },
            {
              open: (signal) => this.node.dialProtocol(id, proto, { signal }),
              connected: () => this.node.getConnections(id).length > 0,
              log: modules.log,
              onSent: (bytes) => modules.metrics.onMessage('out', proto, bytes),
            },
          ),
        );
      this.peers.set(v.index, { info: v, id, lanes, backoffMs: BACKOFF_MIN_MS, nextDialAt: 0 });
      this.byPeerId.set(id.toString(), v.index);
    }
  }

  static async start(
    opts: HostOptions,
    modules: { log: Logger; handlers: HostHandlers; metrics: HostMetrics },
  ): Promise<P2pHost> {
    const allowed = new Set<string>();
    for (const v of opts.validators) {
      if (v.index !== opts.me) allowed.add(peerIdFromPublicKey(publicKeyFromRaw(v.pubkey)).toString());
    }
    const node = await createLibp2p({
      privateKey: privateKeyFromRaw(opts.secretKey),
      addresses: { listen: [opts.listen] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      // a stream's read buffers must hold one whole message: libp2p's default of 4 MiB dropped every
      // proposal above it (a window's clearing block of about 16 000 orders), and the chain stalled
      streamMuxers: [yamux({ streamOptions: { maxReadBufferLength: readBufferFor(opts.maxMessageBytes) } })],
      connectionGater: validatorGater(allowed, (peer, where) => {
        modules.metrics.onDenied();
        modules.log.warn({ peer, where }, 'refused a connection from a non-validator peer');
      }),
    });
    const host = new P2pHost(opts, node, modules);
    node.addEventListener('peer:connect', (evt) => {
      const i = host.byPeerId.get(evt.detail.toString());
      if (i !== undefined) host.onPeerConnected?.(i);
    });
    await host.register();
    host.timer = setInterval(() => host.redial(), 250);
    host.redial();
    return host;
  }

  get peerId(): string {
    return this.node.peerId.toString();
  }

  listenAddrs(): string[] {
    return this.node.getMultiaddrs().map((m) => m.toString());
  }

  connected(): number[] {
    const out: number[] = [];
    for (const [i, p] of this.peers) if (this.node.getConnections(p.id).length > 0) out.push(i);
    return out;
  }

  private senderOf(connection: Connection, stream: Stream): number | undefined {
    const from = this.byPeerId.get(connection.remotePeer.toString());
    if (from === undefined) stream.abort(new LeagError('NET_NOT_VALIDATOR', 'peer is not a validator'));
    return from;
  }

  private async register(): Promise<void> {
    const max = this.opts.maxMessageBytes;
    // an inbound lane: length-prefixed messages until the peer closes the stream
    const messages = (proto: Protocol, deliver: (from: number, b: Uint8Array) => void) =>
      this.node.handle(
        proto,
        async (stream, connection) => {
          const from = this.senderOf(connection, stream);
          if (from === undefined) return;
          const lp = lpStream(stream, { maxDataLength: max, maxBufferSize: readBufferFor(max) });
          try {
            for (;;) {
              const msg = await readMessage(lp);
              if (msg === null) break;
              this.modules.metrics.onMessage('in', proto, msg.length);
              deliver(from, msg);
            }
            await stream.close().catch(() => undefined);
          } catch (e) {
            this.modules.log.debug({ from, proto, err: (e as Error).message }, 'dropped an inbound stream');
            stream.abort(e as Error);
          }
        },
        { maxInboundStreams: MAX_INBOUND_LANES },
      );
    await messages(PROTOCOLS.consensus, (f, b) => this.modules.handlers.onConsensus(f, b));
    await messages(PROTOCOLS.tx, (f, b) => this.modules.handlers.onTx(f, b));
    await this.node.handle(
      PROTOCOLS.sync,
      async (stream, connection) => {
        const from = this.senderOf(connection, stream);
        if (from === undefined) return;
        try {
          const lp = lpStream(stream, { maxDataLength: 64 });
          const req = decodeSyncRequest((await lp.read({ signal: AbortSignal.timeout(STREAM_TIMEOUT_MS) })).subarray());
          const items = await this.modules.handlers.onSyncRequest(from, req.fromHeight, Math.min(req.max, SYNC_BATCH));
          const out = lpStream(stream, { maxDataLength: max });
          for (const it of items) await out.write(encodeSyncItem(it));
          await stream.close();
        } catch (e) {
          this.modules.log.debug({ from, err: (e as Error).message }, 'sync request failed');
          stream.abort(e as Error);
        }
      },
      { maxInboundStreams: 16 },
    );
  }

  /** Queues a message to one validator; drops it when that peer's lane is full. */
  send(to: number, proto: Protocol, bytes: Uint8Array): void {
    const p = this.peers.get(to);
    if (p === undefined || this.stopped) return;
    p.lanes.get(proto)?.push(bytes);
  }

  broadcast(proto: Protocol, bytes: Uint8Array): void {
    for (const i of this.peers.keys()) this.send(i, proto, bytes);
  }

  /** Called with a validator's index each time a connection to it is (re)established. */
  onPeerConnected: ((peer: number) => void) | null = null;

  /** Fetches up to SYNC_BATCH committed blocks from one peer (unverified: the caller verifies). */
  async fetchBlocks(from: number, fromHeight: bigint): Promise<SyncItem[]> {
    const p = this.peers.get(from);
    if (p === undefined) return [];
    const stream = await this.node.dialProtocol(p.id, PROTOCOLS.sync, {
      signal: AbortSignal.timeout(STREAM_TIMEOUT_MS),
    });
    const lp = lpStream(stream, {
      maxDataLength: this.opts.maxMessageBytes,
      maxBufferSize: readBufferFor(this.opts.maxMessageBytes),
    });
    await lp.write(encodeSyncRequest(fromHeight, SYNC_BATCH));
    const items: SyncItem[] = [];
    try {
      while (items.length < SYNC_BATCH) {
        const b = await lp.read({ signal: AbortSignal.timeout(STREAM_TIMEOUT_MS) });
        items.push(decodeSyncItem(b.subarray()));
      }
    } catch {
      // end of stream (or a broken peer): use what arrived; the caller verifies each item
    }
    stream.abort(new LeagError('NET_SYNC_DONE', 'sync answer read'));
    return items;
  }

  private redial(): void {
    if (this.stopped) return;
    const now = Date.now();
    for (const p of this.peers.values()) {
      if (this.node.getConnections(p.id).length > 0) {
        p.backoffMs = BACKOFF_MIN_MS;
        for (const lane of p.lanes.values()) lane.kick();
        continue;
      }
      if (now < p.nextDialAt) continue;
      p.nextDialAt = now + p.backoffMs;
      const addr = multiaddr(`${p.info.multiaddr}/p2p/${p.id.toString()}`);
      this.node
        .dial(addr, { signal: AbortSignal.timeout(5000) })
        .then(() => {
          p.backoffMs = BACKOFF_MIN_MS;
          this.modules.log.info({ peer: p.info.index }, 'connected to validator');
          for (const lane of p.lanes.values()) lane.kick();
        })
        .catch((e: Error) => {
          p.backoffMs = Math.min(p.backoffMs * 2, BACKOFF_MAX_MS);
          this.modules.log.debug({ peer: p.info.index, err: e.message, retryInMs: p.backoffMs }, 'dial failed');
        });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    for (const p of this.peers.values()) for (const lane of p.lanes.values()) lane.close();
    await this.node.stop();
  }
}
