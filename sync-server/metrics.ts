/**
 * Prometheus metrics, served at /metrics. Each server has its own registry, so several servers
 * in one process (tests, the desktop app's built-in server) do not mix their numbers.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** How often the event-loop lag metric samples. */
const EVENT_LOOP_SAMPLE_MS = 100;

export class Metrics {
  readonly registry = new Registry();
  readonly roomsLoaded: Gauge;
  readonly connections: Gauge;
  readonly messagesReceived: Counter<'type'>;
  readonly messagesSent: Counter;
  readonly bytesReceived: Counter;
  readonly bytesSent: Counter;
  readonly connectionsClosed: Counter<'code'>;
  readonly updatesRefused: Counter<'reason'>;
  readonly protocolCloses: Counter<'code'>;
  readonly storageSeconds: Histogram<'operation'>;

  /**
   * `processMetrics: false` for registries that are never scraped (a room worker's): prom-client's
   * process metrics would start an event-loop monitor timer in that thread for nothing.
   */
  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    // prom-client samples event-loop lag with a 10 ms timer by default: 100 wakeups a second
    // even on an idle server, which was ~20% of the server's CPU in bench/server's propagation
    // scenario. Every 100 ms still catches any stall long enough to matter.
    if (options.processMetrics !== false) {
      collectDefaultMetrics({ register: this.registry, prefix: 'whiteboard_', eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
    }
    this.roomsLoaded = new Gauge({ name: 'whiteboard_rooms_loaded', help: 'Rooms in memory', registers });
    this.connections = new Gauge({ name: 'whiteboard_connections', help: 'Open WebSocket connections', registers });
    this.messagesReceived = new Counter({ name: 'whiteboard_messages_received_total', help: 'Messages received from clients, by type', labelNames: ['type'], registers });
    this.messagesSent = new Counter({ name: 'whiteboard_messages_sent_total', help: 'Messages sent to clients (one per recipient)', registers });
    this.bytesReceived = new Counter({ name: 'whiteboard_received_bytes_total', help: 'Message bytes received from clients', registers });
    this.bytesSent = new Counter({ name: 'whiteboard_sent_bytes_total', help: 'Message bytes sent to clients (counted per recipient)', registers });
    this.connectionsClosed = new Counter({ name: 'whiteboard_connections_closed_by_server_total', help: 'Connections the server closed, by close code', labelNames: ['code'], registers });
    this.updatesRefused = new Counter({ name: 'whiteboard_updates_refused_total', help: 'Document updates refused (the connection is closed), by close code', labelNames: ['reason'], registers });
    this.protocolCloses = new Counter({
      name: 'whiteboard_protocol_closes_total',
      help: 'Connections closed for a message that is not a document update (presence, pings, unknown or malformed messages), by close code',
      labelNames: ['code'],
      registers,
    });
    this.storageSeconds = new Histogram({
      name: 'whiteboard_storage_seconds',
      help: 'Storage operation latency',
      labelNames: ['operation'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers,
    });
  }

  /** A gauge whose value is read at each scrape. */
  observe(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  /** Times a storage operation. */
  async timeStorage<T>(operation: string, run: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await run();
    } finally {
      this.observeStorage(operation, (performance.now() - start) / 1000);
    }
  }

  /** Records how long a storage operation took. */
  observeStorage(operation: string, seconds: number): void {
    this.storageSeconds.observe({ operation }, seconds);
  }
}
