import { describe, expect, it } from 'vitest';
import type { Results } from './report';
import type { Metric } from './scenarios/common';
import { CURSOR_INTERVAL_MS, TARGETS, Verdict, checkTargets, targetsMarkdown, targetsText, type Target } from './targets';

const metric = (key: string, value: number, unit = 'ms'): Metric => ({ key, label: key, unit, value });

function verdictOf(results: Results, target: Target): ReturnType<typeof checkTargets>[number] {
  return checkTargets(results, [target])[0]!;
}

function targetNamed(text: string): Target {
  const found = TARGETS.filter((t) => t.text.includes(text));
  if (found.length !== 1) throw new Error(`expected one target about "${text}", found ${found.length}`);
  return found[0]!;
}

const floorTarget = targetNamed('send floor');
const fanoutYwsTarget = targetNamed('fan-out CPU per delivered message at most 0.9× y-websocket');
const presenceCpuTarget = targetNamed('presence storm CPU');
const presenceIntervalTarget = targetNamed('one cursor interval');
const presenceYwsTarget = targetNamed('presence p99 at most 2×');
const largeTarget = targetNamed('large join');
const propagationTarget = targetNamed('propagation p99');
const connectionTarget = targetNamed('memory per idle connection');

/** Fan-out CPU per delivered message, µs: ours, the send floor and y-websocket, for 50 and 200 readers. */
function fanout(ours: [number, number], floor: [number, number], yws: [number, number]): Results {
  return {
    fanout50: {
      ours: [metric('fanout50.cpu', ours[0], 'µs')],
      'send-floor': [metric('fanout50.cpu', floor[0], 'µs')],
      'y-websocket': [metric('fanout50.cpu', yws[0], 'µs')],
    },
    fanout200: {
      ours: [metric('fanout200.cpu', ours[1], 'µs')],
      'send-floor': [metric('fanout200.cpu', floor[1], 'µs')],
      'y-websocket': [metric('fanout200.cpu', yws[1], 'µs')],
    },
  };
}

describe('the targets of issue #20', () => {
  it('judge fan-out against the send floor of the same run, at most 1.15×, inclusive at the limit', () => {
    expect(verdictOf(fanout([11.5, 9], [10, 9], [20, 20]), floorTarget).verdict).toBe(Verdict.Met);
    const missed = verdictOf(fanout([11.6, 9], [10, 9], [20, 20]), floorTarget);
    expect(missed.verdict).toBe(Verdict.Missed);
    expect(missed.checks.map((c) => c.verdict)).toEqual([Verdict.Missed, Verdict.Met]);
    expect(missed.checks[0]!.detail).toBe('fanout50.cpu: 11.60 µs, 1.16 of floor (at most 1.15)');
  });

  it('judge fan-out against y-websocket at most 0.9×, not the retired ½', () => {
    expect(verdictOf(fanout([9, 9], [8, 8], [10, 10]), fanoutYwsTarget).verdict).toBe(Verdict.Met);
    expect(verdictOf(fanout([9.1, 9], [8, 8], [10, 10]), fanoutYwsTarget).verdict).toBe(Verdict.Missed);
    expect(TARGETS.some((t) => t.bound.type === 'ratio' && t.bound.atMost === 1 / 2)).toBe(false);
  });

  it('say "not measured" when the floor was left out (--servers without send-floor)', () => {
    const results = fanout([10, 10], [10, 10], [20, 20]);
    delete results.fanout50!['send-floor'];
    delete results.fanout200!['send-floor'];
    const verdict = verdictOf(results, floorTarget);
    expect(verdict.verdict).toBe(Verdict.NotMeasured);
    expect(verdict.checks[0]!.detail).toBe('fanout50.cpu: not measured for send-floor');
  });

  it('hold presence to ⅓ of Hocuspocus CPU, a p99 under one cursor interval, and at most 2× y-websocket', () => {
    const presence = (oursCpu: number, oursP99: number, ywsP99: number): Results => ({
      presence: {
        ours: [metric('presence.cpuShare', oursCpu, '%'), metric('presence.p99', oursP99)],
        hocuspocus: [metric('presence.cpuShare', 60, '%'), metric('presence.p99', 40)],
        'y-websocket': [metric('presence.cpuShare', 40, '%'), metric('presence.p99', ywsP99)],
      },
    });
    expect(CURSOR_INTERVAL_MS).toBeCloseTo(33.33, 2);
    expect(verdictOf(presence(20, 5, 3), presenceCpuTarget).verdict).toBe(Verdict.Met);
    expect(verdictOf(presence(21, 5, 3), presenceCpuTarget).verdict).toBe(Verdict.Missed);
    expect(verdictOf(presence(20, 6, 3), presenceYwsTarget).verdict).toBe(Verdict.Met);
    expect(verdictOf(presence(20, 6.1, 3), presenceYwsTarget).verdict).toBe(Verdict.Missed);
    // Twice y-websocket's p99 is not enough when both are slower than a cursor interval.
    expect(verdictOf(presence(20, 40, 30), presenceYwsTarget).verdict).toBe(Verdict.Met);
    const late = verdictOf(presence(20, 40, 30), presenceIntervalTarget);
    expect(late.verdict).toBe(Verdict.Missed);
    expect(late.checks[0]!.detail).toBe('presence.p99: 40.00 ms (at most 33.33)');
  });

  it('judge the large join on ours alone, against one frame, in every phase including the baseline', () => {
    const phases = (baseline: number, upload: number): Results => ({
      large: {
        ours: [metric('large.baseline.p99', baseline), metric('large.upload.p99', upload), metric('large.warmjoin.p99', 3), metric('large.coldjoin.p99', 5)],
      },
    });
    expect(verdictOf(phases(4, 16.6), largeTarget).verdict).toBe(Verdict.Met);
    const upload = verdictOf(phases(4, 18), largeTarget);
    expect(upload.verdict).toBe(Verdict.Missed);
    expect(upload.checks[1]!.detail).toBe('large.upload.p99: 18.00 ms (at most 16.67)');
    expect(verdictOf(phases(17, 5), largeTarget).verdict).toBe(Verdict.Missed);
    const noCold: Results = { large: { ours: phases(4, 5).large!.ours!.filter((m) => m.key !== 'large.coldjoin.p99') } };
    expect(verdictOf(noCold, largeTarget).verdict).toBe(Verdict.NotMeasured);
  });

  it('hold propagation p99 to y-websocket alone, not to every peer', () => {
    const results: Results = {
      propagation: {
        ours: [metric('prop.p99', 2)],
        'y-websocket': [metric('prop.p99', 2)],
        hocuspocus: [metric('prop.p99', 1)],
      },
    };
    expect(verdictOf(results, propagationTarget).verdict).toBe(Verdict.Met);
    results.propagation!['y-websocket'] = [metric('prop.p99', 1.9)];
    const missed = verdictOf(results, propagationTarget);
    expect(missed.verdict).toBe(Verdict.Missed);
    expect(missed.checks[0]!.detail).toBe('prop.p99: 2.00 ms, 1.05 of y-ws (at most 1.00)');
    // The retired "p99 no worse than any peer in every scenario" judged these; nothing does now.
    for (const key of ['fanout50.p99', 'fanout200.p99all', 'churn.p99', 'storm.p99', 'presence.p99last']) {
      expect(TARGETS.some((t) => t.keys.includes(key))).toBe(false);
    }
  });
});

describe('checkTargets', () => {
  it('holds "no worse than any peer" against the best of the peers, never against the send floor', () => {
    const results: Results = {
      memory: {
        ours: [metric('memory.conn', 8, 'KB')],
        'y-websocket': [metric('memory.conn', 10, 'KB')],
        hocuspocus: [metric('memory.conn', 16, 'KB')],
        'send-floor': [metric('memory.conn', 2, 'KB')],
      },
    };
    const verdict = verdictOf(results, connectionTarget);
    expect(verdict.verdict).toBe(Verdict.Met);
    expect(verdict.checks[0]!.detail).toBe('memory.conn: 8.00 KB, 0.80 of y-ws, 0.50 of hocus');

    results.memory!['y-websocket-leveldb'] = [metric('memory.conn', 7.9, 'KB')];
    expect(verdictOf(results, connectionTarget).verdict).toBe(Verdict.Missed);
  });

  it('says "not measured" when a figure is missing or not a number, but a miss elsewhere still counts', () => {
    const results: Results = { fanout50: { ours: [metric('fanout50.cpu', 10, 'µs')], 'send-floor': [metric('fanout50.cpu', 10, 'µs')] } };
    const partial = verdictOf(results, floorTarget);
    expect(partial.verdict).toBe(Verdict.NotMeasured);
    expect(partial.checks[1]).toMatchObject({ key: 'fanout200.cpu', verdict: Verdict.NotMeasured });

    results.fanout50!.ours = [metric('fanout50.cpu', 16, 'µs')];
    expect(verdictOf(results, floorTarget).verdict).toBe(Verdict.Missed);

    const nan: Results = { propagation: { ours: [metric('prop.p99', Number.NaN)], 'y-websocket': [metric('prop.p99', 1)] } };
    expect(verdictOf(nan, propagationTarget).verdict).toBe(Verdict.NotMeasured);
  });
});

describe('targetsText and targetsMarkdown', () => {
  it('list the figures that missed in the text, a met target in one line; every figure in the markdown', () => {
    const results: Results = {
      ...fanout([30, 5], [10, 10], [20, 20]),
      memory: { ours: [metric('memory.conn', 8, 'KB')], hocuspocus: [metric('memory.conn', 16, 'KB')] },
    };
    const verdicts = checkTargets(results, [floorTarget, connectionTarget]);
    const text = targetsText(verdicts);
    expect(text).toContain('targets (issue #20)');
    expect(text).toContain('missed        fan-out CPU');
    expect(text).toContain('✗ fanout50.cpu: 30.00 µs, 3.00 of floor (at most 1.15)');
    expect(text).not.toContain('fanout200.cpu');
    expect(text).toMatch(/met {11}memory per idle connection/);
    const markdown = targetsMarkdown(verdicts);
    expect(markdown.split('\n')).toHaveLength(4);
    expect(markdown).toContain('| **missed** | ✗ fanout50.cpu: 30.00 µs, 3.00 of floor (at most 1.15); fanout200.cpu: 5.00 µs, 0.50 of floor (at most 1.15) |');
    expect(markdown).toContain('| **met** | memory.conn: 8.00 KB, 0.50 of hocus |');
  });
});
