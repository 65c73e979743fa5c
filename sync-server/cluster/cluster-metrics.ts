/** What a cluster instance adds to /metrics: traffic through Redis, how far behind it reads, resyncs, the services. */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export class ClusterMetrics {
  readonly published = new Counter({ name: 'whiteboard_cluster_messages_published_total', help: 'Messages this instance sent to the others through Redis', registers: [] });
  readonly received = new Counter({ name: 'whiteboard_cluster_messages_received_total', help: 'Messages from other instances handed to rooms here', registers: [] });
  readonly streamLag = new Histogram({
    name: 'whiteboard_cluster_stream_lag_seconds',
    help: 'From a message entering its Redis stream to this instance reading it',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [],
  });
  readonly resyncs = new Counter({
    name: 'whiteboard_cluster_resyncs_total',
    help: 'Rooms whose clients were made to sync again after a gap in what this instance read, by reason',
    labelNames: ['reason'],
    registers: [],
  });
  readonly orphansStored = new Counter({
    name: 'whiteboard_cluster_orphaned_changes_stored_total',
    help: 'Changes from instances that stopped before storing them, stored by this instance',
    registers: [],
  });

  /** Adds these, and gauges read at each scrape, to a server's registry. */
  register(registry: Registry, gauges: Record<string, [help: string, read: () => number]>): void {
    for (const metric of [this.published, this.received, this.streamLag, this.resyncs, this.orphansStored]) registry.registerMetric(metric);
    for (const [name, [help, read]] of Object.entries(gauges)) {
      registry.registerMetric(new Gauge({ name, help, registers: [], collect() { this.set(read()); } }));
    }
  }
}
