import { afterEach, describe, expect, it } from 'vitest';
import { Metrics } from './metrics';
import type { SyncServer } from './server';
import { startTestServer } from './testing/harness';

let server: SyncServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('Metrics', () => {
  it('has process metrics in the registry a server serves, and none in a bare one', async () => {
    server = await startTestServer();
    const served = await server.metrics.registry.metrics();
    expect(served).toContain('whiteboard_process_cpu_user_seconds_total');
    expect(served).toContain('whiteboard_nodejs_eventloop_lag_p99_seconds');
    expect(served).toContain('whiteboard_rooms_loaded');
    const bare = await new Metrics().registry.metrics();
    expect(bare).not.toContain('whiteboard_process_cpu_user_seconds_total');
    expect(bare).not.toContain('whiteboard_nodejs_eventloop_lag');
    expect(bare).toContain('whiteboard_messages_received_total');
  });
});
