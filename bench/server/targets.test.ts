import { describe, expect, it } from 'vitest';
import type { Results } from './report';
import type { Metric } from './scenarios/common';
import { TARGETS, Verdict, checkTargets, targetsMarkdown, targetsText, type Target } from './targets';

const metric = (key: string, value: number, unit = 'ms'): Metric => ({ key, label: key, unit, value });

function verdictOf(results: Results, target: Target): ReturnType<typeof checkTargets>[number] {
  return checkTargets(results, [target])[0]!;
}

const fanoutTarget = TARGETS.find((t) => t.keys.includes('fanout50.cpu'))!;
const p99Target = TARGETS.find((t) => t.keys.includes('prop.p99'))!;
const largeTarget = TARGETS.find((t) => t.bound.type === 'absolute')!;

describe('checkTargets', () => {
  it('judges a ratio bound against the named peer, inclusive at the limit', () => {
    const results: Results = {
      fanout50: { ours: [metric('fanout50.cpu', 10, 'µs')], 'y-websocket': [metric('fanout50.cpu', 20, 'µs')] },
      fanout200: { ours: [metric('fanout200.cpu', 9, 'µs')], 'y-websocket': [metric('fanout200.cpu', 20, 'µs')] },
    };
    expect(verdictOf(results, fanoutTarget).verdict).toBe(Verdict.Met);

    results.fanout200!.ours = [metric('fanout200.cpu', 10.2, 'µs')];
    const missed = verdictOf(results, fanoutTarget);
    expect(missed.verdict).toBe(Verdict.Missed);
    expect(missed.checks.map((c) => c.verdict)).toEqual([Verdict.Met, Verdict.Missed]);
    expect(missed.checks[1]!.detail).toContain('0.51 of y-ws (at most 0.50)');
  });

  it('holds "no worse than any peer" against the best of them, whichever scenario holds the key', () => {
    const results: Results = {
      propagation: {
        ours: [metric('prop.p99', 2)],
        'y-websocket': [metric('prop.p99', 1.5)],
        hocuspocus: [metric('prop.p99', 4)],
      },
    };
    const target: Target = { ...p99Target, keys: ['prop.p99'] };
    const verdict = verdictOf(results, target);
    expect(verdict.verdict).toBe(Verdict.Missed);
    expect(verdict.checks[0]!.detail).toBe('prop.p99: 1.33 of y-ws, 0.50 of hocus');

    results.propagation!['y-websocket'] = [metric('prop.p99', 2)];
    expect(verdictOf(results, target).verdict).toBe(Verdict.Met);
  });

  it('says "not measured" when a figure is missing, but a miss elsewhere still counts', () => {
    const results: Results = { fanout50: { ours: [metric('fanout50.cpu', 10, 'µs')], 'y-websocket': [metric('fanout50.cpu', 30, 'µs')] } };
    const partial = verdictOf(results, fanoutTarget);
    expect(partial.verdict).toBe(Verdict.NotMeasured);
    expect(partial.checks[1]).toMatchObject({ key: 'fanout200.cpu', verdict: Verdict.NotMeasured });

    results.fanout50!.ours = [metric('fanout50.cpu', 16, 'µs')];
    expect(verdictOf(results, fanoutTarget).verdict).toBe(Verdict.Missed);

    const oursOnly: Results = { propagation: { ours: [metric('prop.p99', 1)] } };
    expect(verdictOf(oursOnly, { ...p99Target, keys: ['prop.p99'] }).verdict).toBe(Verdict.NotMeasured);
    expect(verdictOf({ propagation: { ours: [metric('prop.p99', Number.NaN)], 'y-websocket': [metric('prop.p99', 1)] } }, { ...p99Target, keys: ['prop.p99'] }).verdict).toBe(
      Verdict.NotMeasured,
    );
  });

  it('judges the large join on ours alone, against one frame', () => {
    const phases = (upload: number): Results => ({
      large: { ours: [metric('large.upload.p99', upload), metric('large.warmjoin.p99', 3), metric('large.coldjoin.p99', 5)] },
    });
    expect(verdictOf(phases(16.6), largeTarget).verdict).toBe(Verdict.Met);
    const missed = verdictOf(phases(18), largeTarget);
    expect(missed.verdict).toBe(Verdict.Missed);
    expect(missed.checks[0]!.detail).toBe('large.upload.p99: 18.00 ms (at most 16.67)');
  });
});

describe('targetsText and targetsMarkdown', () => {
  it('list the figures that missed, and a met target in one line', () => {
    const results: Results = {
      fanout50: { ours: [metric('fanout50.cpu', 30, 'µs')], 'y-websocket': [metric('fanout50.cpu', 20, 'µs')] },
      fanout200: { ours: [metric('fanout200.cpu', 5, 'µs')], 'y-websocket': [metric('fanout200.cpu', 20, 'µs')] },
      memory: { ours: [metric('memory.conn', 8, 'KB')], hocuspocus: [metric('memory.conn', 16, 'KB')] },
    };
    const verdicts = checkTargets(results, [fanoutTarget, TARGETS.find((t) => t.keys.includes('memory.conn'))!]);
    const text = targetsText(verdicts);
    expect(text).toContain('missed        fan-out CPU');
    expect(text).toContain('✗ fanout50.cpu: 1.50 of y-ws (at most 0.50)');
    expect(text).not.toContain('fanout200.cpu');
    expect(text).toMatch(/met {11}memory per idle connection/);
    const markdown = targetsMarkdown(verdicts);
    expect(markdown.split('\n')).toHaveLength(4);
    expect(markdown).toContain('| **missed** | fanout50.cpu: 1.50 of y-ws (at most 0.50) |');
  });
});
