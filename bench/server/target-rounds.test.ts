import { describe, expect, it } from 'vitest';
import type { Metric } from './scenarios/common';
import { targetRounds, type RoundResults } from './target-rounds';
import { TARGETS } from './targets';

const metric = (key: string, value: number, unit = 'µs'): Metric => ({ key, label: `${key} label`, unit, value });

describe('targetRounds', () => {
  const results: RoundResults = {
    fanout50: [
      { ours: [metric('fanout50.cpu', 16.6)], 'send-floor': [metric('fanout50.cpu', 10.6)], 'y-websocket': [metric('fanout50.cpu', 15.8)], hocuspocus: [metric('fanout50.cpu', 20)] },
      { ours: [metric('fanout50.cpu', 9.65)], 'send-floor': [metric('fanout50.cpu', 7)], 'y-websocket': [metric('fanout50.cpu', 12)], hocuspocus: [metric('fanout50.cpu', 21)] },
      { ours: [metric('fanout50.cpu', 20.1)], 'send-floor': [metric('fanout50.cpu', 11.4)] },
    ],
    // One run only: its figure is in the table and the targets, with nothing round by round to show.
    memory: [{ ours: [metric('memory.conn', 7, 'KB')], 'y-websocket': [metric('memory.conn', 9, 'KB')] }],
  };

  it("shows the figures of a target's metric round by round, with ours' ratio to each server a target names", () => {
    const blocks = targetRounds(results, { fanout50: '(2a) fan-out' });
    expect(blocks).toHaveLength(1);
    const [block] = blocks;
    expect(block!.title).toBe('(2a) fan-out: fanout50.cpu label');
    expect(block!.unit).toBe('µs');
    // Hocuspocus is measured but no fan-out target names it.
    expect(block!.rows.map((row) => row.label)).toEqual(['ours', 'send-floor', 'y-websocket', 'ours / floor', 'ours / y-ws']);
    const ywsRatio = block!.rows.find((row) => row.label === 'ours / y-ws')!;
    expect(ywsRatio.values.map((v) => v?.toFixed(2))).toEqual(['1.05', '0.80', undefined]);
    // The ratio judged: median of ours (16.6) over the median of y-websocket's two rounds (13.9).
    expect(ywsRatio.summary).toBeCloseTo(16.6 / 13.9, 10);
  });

  it('gives every peer for a "no worse than the best peer" target, and nothing for a scenario run once', () => {
    const memoryTarget = TARGETS.filter((t) => t.keys.includes('memory.conn'));
    const twice: RoundResults = { memory: [results.memory![0]!, { ours: [metric('memory.conn', 8, 'KB')], hocuspocus: [metric('memory.conn', 16, 'KB')] }] };
    const [block] = targetRounds(twice, {}, memoryTarget);
    expect(block!.rows.map((row) => row.label)).toEqual(['ours', 'y-websocket', 'hocuspocus', 'ours / y-ws', 'ours / hocus']);
    expect(targetRounds(results, {}, memoryTarget)).toEqual([]);
  });
});
