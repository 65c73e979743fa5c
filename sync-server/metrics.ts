/**
 * Prometheus metrics, served at /metrics. Each server has its own registry, so several servers in one process (tests,
 * the desktop app's built-in server) do not mix their numbers.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  private readonly registers = [this.registry];
  readonly messagesReceived = this.counter('type', 'whiteboard_messages_received_total', 'Messages received from clients, by type');
  readonly messagesSent = this.counter(null, 'whiteboard_messages_sent_total', 'Messages sent to clients (one per recipient)');
  readonly bytesReceived = this.counter(null, 'whiteboard_received_bytes_total', 'Message bytes received from clients');
  readonly bytesSent = this.counter(null, 'whiteboard_sent_bytes_total', 'Message bytes sent to clients (counted per recipient)');
  readonly connectionsClosed = this.counter('code', 'whiteboard_connections_closed_by_server_total', 'Connections the server closed, by close code');
  readonly updatesRefused =
    this.counter('reason', 'whiteboard_updates_refused_total', 'Document updates refused (the connection is closed), by close code');
  readonly protocolCloses = this.counter(
    'code',
    'whiteboard_protocol_closes_total',
    'Connections closed for a message that is not a document update (presence, pings, unknown or malformed messages), by close code',
  );
  readonly storageSeconds = new Histogram({
    name: 'whiteboard_storage_seconds',
    help: 'Storage operation latency',
    labelNames: ['operation'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: this.registers,
  });

  /** A gauge whose value is read at each scrape. */
  observe(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: this.registers,
      collect() {
        this.set(read());
      },
    });
  }

  async timeStorage<T>(operation: string, run: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await run();
    } finally {
      this.storageSeconds.observe({ operation }, (performance.now() - start) / 1000);
    }
  }

  private counter<L extends string>(label: L | null, name: string, help: string): Counter<L> {
    return new Counter({ name, help, labelNames: label ? [label] : [], registers: this.registers });
  }
}
