import { describe, expect, it } from 'vitest';
import type { Metric } from '../server/scenarios/common';
import { floorNotes, roundBlocks, table, verdicts, type RoundResults } from './report';

const cpu = (value: number): Metric[] => [{ key: 'spread.cpu', label: 'CPU per delivered message', unit: 'µs', value }];

describe('the cluster report', () => {
  const perRound: RoundResults = {
    spread: [
      { single: cpu(30), cluster: cpu(60), 'hocuspocus-redis': cpu(300) },
      { single: cpu(24), cluster: cpu(70), 'hocuspocus-redis': cpu(360) },
      { single: cpu(36), cluster: cpu(75), 'hocuspocus-redis': cpu(340) },
    ],
    'spread-by-room': [
      { single: cpu(28), cluster: cpu(45), 'hocuspocus-redis': cpu(40) },
      { single: cpu(26), cluster: cpu(50), 'hocuspocus-redis': cpu(47) },
      { single: cpu(30), cluster: cpu(60), 'hocuspocus-redis': cpu(44) },
    ],
  };

  it('pairs each round of the cluster with the deployment measured in the same round', () => {
    const [spread, byRoom] = roundBlocks(perRound);
    const row = (block: typeof spread, label: string): Array<string | undefined> => block!.rows.find((r) => r.label === label)!.values.map((v) => v?.toFixed(2));
    expect(row(spread, 'cluster / single')).toEqual(['2.00', '2.92', '2.08']);
    expect(spread!.rows.find((r) => r.label === 'cluster / single')!.summary).toBeCloseTo(70 / 30, 10);
    // By room is judged against one instance under the round-robin load: round r of spread.
    expect(row(byRoom, 'cluster / single round-robin')).toEqual(['1.50', '2.08', '1.67']);
    expect(row(byRoom, 'cluster / hocus')).toEqual(['1.13', '1.06', '1.36']);
  });

  it('leaves out a deployment that was not measured, and its ratios', () => {
    const withoutHocuspocus: RoundResults = { spread: perRound.spread!.map(({ single, cluster }) => ({ single, cluster })) };
    const [spread] = roundBlocks(withoutHocuspocus);
    expect(spread!.rows.map((row) => row.label)).toEqual(['single', 'cluster', 'cluster / single']);
  });

  it('shows nothing round by round for scenarios run once, and says which figures are medians', () => {
    expect(roundBlocks({ spread: [perRound.spread![0]!] })).toEqual([]);
    const results = { spread: { single: cpu(30), cluster: cpu(70), 'hocuspocus-redis': cpu(340) } };
    expect(table(results, () => 3)).toContain('| spread (median of 3 rounds): CPU per delivered message | 30.0 µs | 70.0 µs | 340 µs | – | 2.33 | 0.21 | – |');
    expect(table(results, () => 1)).toContain('| spread: CPU per delivered message |');
    expect(verdicts(results)[1]).toBe('- MISSED: CPU per delivered message, three instances + Redis, at most 1.5× one instance, and below Hocuspocus-Redis (cluster 70.0 µs, single 30.0 µs (×2.33), Hocuspocus-Redis 340 µs (×0.21))');
  });

  it('sets the cluster against the relay floor, round by round and in the medians, when the floor ran', () => {
    const withFloor: RoundResults = { spread: perRound.spread!.map((round, i) => ({ ...round, 'relay-floor': cpu([40, 48, 45][i]!) })) };
    const [spread] = roundBlocks(withFloor);
    const row = (label: string): Array<string | undefined> => spread!.rows.find((r) => r.label === label)!.values.map((v) => v?.toFixed(2));
    expect(row('relay-floor / single')).toEqual(['1.33', '2.00', '1.25']);
    expect(row('cluster / relay-floor')).toEqual(['1.50', '1.46', '1.67']);
    const results = { spread: { single: cpu(30), cluster: cpu(70), 'relay-floor': cpu(45) } };
    expect(table(results, () => 3)).toContain('| 30.0 µs | 70.0 µs | – | 45.0 µs | 2.33 | – | 1.56 |');
    expect(floorNotes(results)).toEqual(['- CPU per delivered message, round-robin: the relay floor 45.0 µs, ×1.50 one instance; the cluster ×1.56 the floor']);
    expect(floorNotes({ spread: { single: cpu(30), cluster: cpu(70) } })).toEqual([]);
  });
});
