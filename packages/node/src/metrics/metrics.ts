/** Prometheus metrics of one node (prom-client, its own registry; served at /metrics). */
import { signatureBackend } from '@leag/core';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ConsensusObserver } from '../driver/consensus-stats.js';

/** Commit latency buckets, seconds: fine below 0.5 s, where a LAN round and a slow validator's delay fall. */
export const COMMIT_LATENCY_BUCKETS = [
  0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.125, 0.15, 0.175, 0.2, 0.25, 0.3, 0.4, 0.5,
  0.75, 1, 1.5, 2, 3, 5, 10, 30,
];

export class NodeMetrics {
  readonly registry = new Registry();
  readonly height = new Gauge({ name: 'leag_height', help: 'Committed height', registers: [this.registry] });
  readonly view = new Gauge({ name: 'leag_view', help: 'Current PBFT view', registers: [this.registry] });
  readonly peers = new Gauge({ name: 'leag_peers', help: 'Connected validator peers', registers: [this.registry] });
  readonly mempool = new Gauge({ name: 'leag_mempool_txs', help: 'Txs in the mempool', registers: [this.registry] });
  readonly blocks = new Counter({
    name: 'leag_blocks_committed_total',
    help: 'Blocks committed',
    registers: [this.registry],
  });
  readonly txs = new Counter({ name: 'leag_txs_committed_total', help: 'Txs committed', registers: [this.registry] });
  readonly accepted = new Counter({
    name: 'leag_txs_accepted_total',
    help: 'Txs accepted into the mempool',
    labelNames: ['source'],
    registers: [this.registry],
  });
  readonly rejected = new Counter({
    name: 'leag_txs_rejected_total',
    help: 'Txs refused at intake, by error code',
    labelNames: ['code'],
    registers: [this.registry],
  });
  readonly expired = new Counter({
    name: 'leag_orders_expired_total',
    help: 'Acknowledged orders dropped from the mempool because their window closed before a block took them',
    registers: [this.registry],
  });
  readonly windows = new Counter({
    name: 'leag_windows_cleared_total',
    help: 'Windows cleared',
    registers: [this.registry],
  });
  readonly p2pMessages = new Counter({
    name: 'leag_p2p_messages_total',
    help: 'Network messages',
    labelNames: ['direction', 'protocol'],
    registers: [this.registry],
  });
  readonly p2pBytes = new Counter({
    name: 'leag_p2p_bytes_total',
    help: 'Network message bytes',
    labelNames: ['direction'],
    registers: [this.registry],
  });
  readonly denied = new Counter({
    name: 'leag_p2p_denied_total',
    help: 'Connections refused by the validator gater',
    registers: [this.registry],
  });
  readonly http = new Counter({
    name: 'leag_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['route', 'status'],
    registers: [this.registry],
  });

  readonly clockOffset = new Gauge({
    name: 'leag_clock_offset_ms',
    help: "Last peer proposal's block time minus the local clock, ms (clock skew; driver/clock-watch.ts)",
    registers: [this.registry],
  });

  readonly consensusMessages = new Counter({
    name: 'leag_consensus_messages_total',
    help: 'Consensus messages by direction and type (out: one per peer a message was queued to; in: decoded)',
    labelNames: ['direction', 'type'],
    registers: [this.registry],
  });
  readonly commitLatency = new Histogram({
    name: 'leag_consensus_commit_latency_seconds',
    help: "Per block: from this node's first sight of its proposal (sent as primary or received) to its durable commit here",
    labelNames: ['role'],
    buckets: COMMIT_LATENCY_BUCKETS,
    registers: [this.registry],
  });
  /** The node's signature cache, read at scrape time (watchSignatures). */
  private sigSource: { hits: number; misses: number } | undefined;
  readonly sigChecks = new Gauge({
    name: 'leag_signature_checks',
    help: 'Signature checks of txs since start: result="verified" ran ECDSA, result="cached" reused a verdict',
    labelNames: ['result'],
    registers: [this.registry],
    collect: () => {
      const s = this.sigSource;
      if (s === undefined) return;
      this.sigChecks.set({ result: 'verified' }, s.misses);
      this.sigChecks.set({ result: 'cached' }, s.hits);
    },
  });
  readonly quorumWeighted = new Gauge({
    name: 'leag_consensus_weighted',
    help: "The chain's quorum rule (genesis consensus.weighted): 1 credit-weighted, 0 plain PBFT",
    registers: [this.registry],
  });

  readonly sigBackend = new Gauge({
    name: 'leag_signature_backend',
    help: 'The library verifying signatures in this process (1): libsecp256k1, or openssl where its binding does not load',
    labelNames: ['backend'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'leag_process_' });
    this.sigBackend.set({ backend: signatureBackend }, 1);
  }

  watchSignatures(cache: { hits: number; misses: number }): void {
    this.sigSource = cache;
  }

  consensusObserver(): ConsensusObserver {
    return {
      message: (direction, type, count) => this.consensusMessages.inc({ direction, type }, count),
      commitLatency: (role, ms) => this.commitLatency.observe({ role }, ms / 1000),
    };
  }

  hostMetrics() {
    return {
      onMessage: (direction: 'in' | 'out', protocol: string, bytes: number) => {
        this.p2pMessages.inc({ direction, protocol });
        this.p2pBytes.inc({ direction }, bytes);
      },
      onDenied: () => this.denied.inc(),
    };
  }
}
