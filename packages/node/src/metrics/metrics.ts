/** Prometheus metrics of one node (prom-client, its own registry; served at /metrics). */
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';

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

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'leag_process_' });
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
