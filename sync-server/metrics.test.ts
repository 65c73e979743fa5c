import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics';

describe('Metrics', () => {
  it('has process metrics in the served registry, and none in a worker-side one', async () => {
    const served = await new Metrics().registry.metrics();
    expect(served).toContain('whiteboard_process_cpu_user_seconds_total');
    expect(served).toContain('whiteboard_nodejs_eventloop_lag_p99_seconds');
    expect(served).toContain('whiteboard_messages_received_total');
    const worker = await new Metrics({ processMetrics: false }).registry.metrics();
    expect(worker).not.toContain('whiteboard_process_cpu_user_seconds_total');
    expect(worker).not.toContain('whiteboard_nodejs_eventloop_lag');
    expect(worker).toContain('whiteboard_messages_received_total');
  });
});
