import { describe, expect, it } from 'vitest';
import type { Metric } from './scenarios/common';
import { FULL_ROUNDS, QUICK_ROUNDS, median, medians, ratioRow, rotated, roundCount, runRounds, runRoundsTogether, series, spreadMarkdown, spreadText, valueRow, type PerRound } from './rounds';

type Name = 'ours' | 'peer' | 'floor';
const metric = (key: string, value: number, extra: Partial<Metric> = {}): Metric => ({ key, label: `${key} label`, unit: 'µs', value, ...extra });

describe('median', () => {
  it('is the middle value of an odd count, whatever the order', () => {
    expect(median([20.1, 9.65, 12])).toBe(12);
    expect(median([5])).toBe(5);
  });

  it('is the mean of the middle two of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1.5, 4.1])).toBeCloseTo(2.8, 10);
  });

  it('leaves out rounds without a figure, and is NaN when none has one', () => {
    expect(median([undefined, 3, Number.NaN, 1, 2])).toBe(2);
    expect(median([undefined, Number.NaN])).toBeNaN();
    expect(median([])).toBeNaN();
  });
});

describe('rotated', () => {
  const names = ['ours', 'y-websocket', 'hocuspocus', 'send-floor'];

  it('starts each round with the next server, wrapping around', () => {
    expect(rotated(names, 0)).toEqual(['ours', 'y-websocket', 'hocuspocus', 'send-floor']);
    expect(rotated(names, 1)).toEqual(['y-websocket', 'hocuspocus', 'send-floor', 'ours']);
    expect(rotated(names, 3)).toEqual(['send-floor', 'ours', 'y-websocket', 'hocuspocus']);
    expect(rotated(names, 4)).toEqual(names);
    expect(rotated(names, 5)).toEqual(rotated(names, 1));
  });

  it('puts every server first once in as many rounds as there are servers', () => {
    const firsts = [0, 1, 2, 3].map((round) => rotated(names, round)[0]);
    expect(new Set(firsts).size).toBe(names.length);
    expect(rotated([], 2)).toEqual([]);
  });
});

describe('roundCount', () => {
  it('defaults to three rounds for a full run and one for a quick run, and takes an override', () => {
    expect(roundCount(undefined, false)).toBe(FULL_ROUNDS);
    expect(FULL_ROUNDS).toBe(3);
    expect(roundCount(undefined, true)).toBe(QUICK_ROUNDS);
    expect(QUICK_ROUNDS).toBe(1);
    expect(roundCount('2', true)).toBe(2);
    expect(roundCount('5', false)).toBe(5);
  });

  it('refuses what is not a whole number of at least one', () => {
    for (const bad of ['0', '-1', '2.5', 'three']) expect(() => roundCount(bad, false)).toThrow(/whole number of at least 1/);
  });
});

describe('runRounds', () => {
  it('runs every server once a round, in the rotated order, and keeps each round apart', async () => {
    const calls: string[] = [];
    const perRound = await runRounds<Name>(['ours', 'peer', 'floor'], 3, async (name, round) => {
      calls.push(`${round}:${name}`);
      return [metric('cpu', 10 * (round + 1) + (name === 'ours' ? 1 : 0))];
    });
    expect(calls).toEqual(['0:ours', '0:peer', '0:floor', '1:peer', '1:floor', '1:ours', '2:floor', '2:ours', '2:peer']);
    expect(series(perRound, 'ours', 'cpu')).toEqual([11, 21, 31]);
    expect(series(perRound, 'peer', 'cpu')).toEqual([10, 20, 30]);
  });

  it('leaves a failed measurement out of its round without stopping the others', async () => {
    const perRound = await runRounds<Name>(['ours', 'peer'], 2, async (name, round) => (name === 'peer' && round === 1 ? undefined : [metric('cpu', round)]));
    expect(perRound[1]).toEqual({ ours: [metric('cpu', 1)] });
    expect(series(perRound, 'peer', 'cpu')).toEqual([0, undefined]);
  });
});

describe('runRoundsTogether', () => {
  it('gives each round every server at once, in that round\'s rotated order, and keeps each round apart', async () => {
    const orders: string[] = [];
    const perRound = await runRoundsTogether<Name>(['ours', 'peer', 'floor'], 3, async (order, round) => {
      orders.push(order.join(','));
      return Object.fromEntries(order.map((name, i) => [name, [metric('cpu', 10 * round + i)]]));
    });
    expect(orders).toEqual(['ours,peer,floor', 'peer,floor,ours', 'floor,ours,peer']);
    expect(series(perRound, 'ours', 'cpu')).toEqual([0, 12, 21]);
    expect(series(perRound, 'floor', 'cpu')).toEqual([2, 11, 20]);
  });
});

describe('medians', () => {
  it('gives each server the median of its rounds for every metric, keeping label, unit and info', () => {
    const perRound: PerRound<Name> = [
      { ours: [metric('cpu', 20.1), metric('lost', 0, { info: true })], peer: [metric('cpu', 15)] },
      { ours: [metric('cpu', 9.65), metric('lost', 2, { info: true })], peer: [metric('cpu', 16)] },
      { ours: [metric('cpu', 12), metric('lost', 1, { info: true })], peer: [metric('cpu', 40)] },
    ];
    expect(medians(perRound)).toEqual({
      ours: [metric('cpu', 12), metric('lost', 1, { info: true })],
      peer: [metric('cpu', 16)],
    });
  });

  it('takes the median of the rounds that have a figure, and a metric that only some rounds have', () => {
    const perRound: PerRound<Name> = [{ ours: [metric('cpu', 3)] }, {}, { ours: [metric('cpu', 5), metric('late', 7)] }];
    expect(medians(perRound).ours).toEqual([metric('cpu', 4), metric('late', 7)]);
  });
});

describe('the per-round table', () => {
  const ours = [16.6, 14.2, 20.1];
  const floor = [10.6, 7.0, 11.4];

  it('pairs ours with the peer of the same round, and summarises a ratio as the ratio of the medians', () => {
    const row = ratioRow('ours / floor', ours, floor);
    expect(row.values.map((v) => v!.toFixed(3))).toEqual(['1.566', '2.029', '1.763']);
    // Not the median of the per-round ratios (1.763): the ratio of the medians, 16.6 / 10.6.
    expect(row.summary).toBeCloseTo(16.6 / 10.6, 10);
    expect(row.ratio).toBe(true);
  });

  it('has no ratio for a round where either figure is missing or the peer measured zero', () => {
    const row = ratioRow('ours / peer', [2, 3, undefined, 4], [1, undefined, 1, 0]);
    expect(row.values).toEqual([2, undefined, undefined, undefined]);
    expect(ratioRow('x', [1], [0]).summary).toBeNaN();
  });

  it('prints every round, the median and the ratios in text and markdown', () => {
    const blocks = [{ title: 'fan-out, 50 readers: CPU per delivered message', unit: 'µs', rows: [valueRow('ours', ours), valueRow('send-floor', floor), ratioRow('ours / floor', ours, floor)] }];
    const text = spreadText(blocks);
    expect(text).toContain('fan-out, 50 readers: CPU per delivered message (µs)');
    expect(text).toMatch(/round 1\s+round 2\s+round 3\s+median/);
    expect(text).toMatch(/ours\s+16\.6 µs\s+14\.2 µs\s+20\.1 µs\s+16\.6 µs/);
    expect(text).toMatch(/send-floor\s+10\.6 µs\s+7\.00 µs\s+11\.4 µs\s+10\.6 µs/);
    expect(text).toMatch(/ours \/ floor\s+1\.57\s+2\.03\s+1\.76\s+1\.57/);
    expect(text).toContain('the ratio of the medians');
    const markdown = spreadMarkdown(blocks).split('\n');
    expect(markdown[0]).toBe('| figure | round 1 | round 2 | round 3 | median |');
    expect(markdown).toContain('| **fan-out, 50 readers: CPU per delivered message** (µs) | | | | |');
    expect(markdown).toContain('| ours / floor | 1.57 | 2.03 | 1.76 | 1.57 |');
    expect(spreadMarkdown([{ title: 't', unit: 'ms', rows: [valueRow('ours', [1, undefined])] }])).toContain('| ours | 1.00 ms | – | 1.00 ms |');
  });
});
