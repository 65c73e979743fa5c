/**
 * The targets of issue #20, checked against one run's results (for a scenario run in rounds, the
 * medians of its rounds: rounds.ts), so that every run says which it met instead of leaving that
 * to whoever reads the table. Each target names the metrics it is
 * judged on and a bound: a ratio to one other server measured in the same run (a peer, or the
 * send floor), "no worse than any peer measured", or an absolute limit. A target is missed if
 * any of its figures is; it is "not measured" when a figure it needs is absent (a scenario or a
 * server left out with --only or --servers), unless another one already missed.
 *
 * Retired with issue #20: fan-out CPU at most ½ of y-websocket's (below one socket write per
 * reader: the send floor replaces it) and "p99 no worse than any peer in every scenario"
 * (replaced by the presence, propagation and large-join bounds below).
 */
import type { Results } from './report';
import { CURSOR_HZ } from './scenarios/presence';
import { FLOOR, PEER_NAMES, SERVER_SHORT_NAMES, type ServerName } from './servers';

export const Verdict = { Met: 'met', Missed: 'missed', NotMeasured: 'not measured' } as const;
export type Verdict = (typeof Verdict)[keyof typeof Verdict];

export type Bound =
  /** ours ≤ atMost × that server's figure (a peer, or the send floor) */
  | { type: 'ratio'; peer: ServerName; atMost: number; atMostText: string }
  /** ours ≤ every peer's figure: "no worse than either peer", "no higher than the best peer" */
  | { type: 'everyPeer' }
  /** ours ≤ atMost, in the metric's unit */
  | { type: 'absolute'; atMost: number };

export interface Target {
  text: string;
  keys: readonly string[];
  bound: Bound;
}

/** One frame at 60 Hz: a large join must never hold the other rooms up for longer. */
export const FRAME_MS = 1000 / 60;
/** One cursor interval: a cursor state later than this arrives after the next one was sent. */
export const CURSOR_INTERVAL_MS = 1000 / CURSOR_HZ;

const FANOUT_CPU_KEYS = ['fanout50.cpu', 'fanout200.cpu'] as const;

export const TARGETS: readonly Target[] = [
  {
    text: 'fan-out CPU per delivered message at most 1.15× the send floor measured in the same run',
    keys: FANOUT_CPU_KEYS,
    bound: { type: 'ratio', peer: FLOOR, atMost: 1.15, atMostText: '1.15' },
  },
  {
    text: 'fan-out CPU per delivered message at most 0.9× y-websocket',
    keys: FANOUT_CPU_KEYS,
    bound: { type: 'ratio', peer: 'y-websocket', atMost: 0.9, atMostText: '0.90' },
  },
  {
    text: 'presence storm CPU at most ⅓ of Hocuspocus',
    keys: ['presence.cpuShare'],
    bound: { type: 'ratio', peer: 'hocuspocus', atMost: 1 / 3, atMostText: '0.33' },
  },
  {
    text: 'presence p99 under one cursor interval (33.3 ms)',
    keys: ['presence.p99'],
    bound: { type: 'absolute', atMost: CURSOR_INTERVAL_MS },
  },
  {
    text: 'presence p99 at most 2× y-websocket',
    keys: ['presence.p99'],
    bound: { type: 'ratio', peer: 'y-websocket', atMost: 2, atMostText: '2.00' },
  },
  {
    text: 'a large join never stalls other rooms for more than one frame (busy rooms p99 ≤ 16.7 ms in every phase)',
    keys: ['large.baseline.p99', 'large.upload.p99', 'large.warmjoin.p99', 'large.coldjoin.p99'],
    bound: { type: 'absolute', atMost: FRAME_MS },
  },
  {
    text: 'propagation p99 no worse than y-websocket',
    keys: ['prop.p99'],
    bound: { type: 'ratio', peer: 'y-websocket', atMost: 1, atMostText: '1.00' },
  },
  { text: 'memory per idle connection no higher than the best peer', keys: ['memory.conn'], bound: { type: 'everyPeer' } },
  { text: 'memory retained after churn no higher than the best peer', keys: ['churn.retained'], bound: { type: 'everyPeer' } },
];

export interface Check {
  key: string;
  verdict: Verdict;
  /** e.g. "50 readers: server CPU per delivered message: 1.28 of y-ws (at most 0.50)" */
  detail: string;
}

export interface TargetVerdict {
  target: Target;
  verdict: Verdict;
  checks: Check[];
}


function figure(results: Results, key: string, server: ServerName): { value: number; label: string; unit: string } | undefined {
  for (const byServer of Object.values(results)) {
    const metric = byServer[server]?.find((m) => m.key === key);
    if (metric) return Number.isFinite(metric.value) ? metric : undefined;
  }
  return undefined;
}

const fixed = (value: number): string => value.toFixed(2);

function check(results: Results, key: string, bound: Bound): Check {
  const ours = figure(results, key, 'ours');
  if (!ours) return { key, verdict: Verdict.NotMeasured, detail: `${key}: not measured for ours` };
  const { label, unit, value } = ours;
  switch (bound.type) {
    case 'ratio': {
      const theirs = figure(results, key, bound.peer);
      if (!theirs || theirs.value <= 0) return { key, verdict: Verdict.NotMeasured, detail: `${label}: not measured for ${bound.peer}` };
      const ratio = value / theirs.value;
      const verdict = ratio <= bound.atMost ? Verdict.Met : Verdict.Missed;
      return { key, verdict, detail: `${label}: ${fixed(value)} ${unit}, ${fixed(ratio)} of ${SERVER_SHORT_NAMES[bound.peer]} (at most ${bound.atMostText})` };
    }
    case 'everyPeer': {
      const measured = PEER_NAMES.map((peer) => ({ peer, theirs: figure(results, key, peer) })).filter((p) => p.theirs !== undefined);
      if (measured.length === 0) return { key, verdict: Verdict.NotMeasured, detail: `${label}: no peer measured` };
      const verdict = measured.every(({ theirs }) => value <= theirs!.value) ? Verdict.Met : Verdict.Missed;
      const ratios = measured.map(({ peer, theirs }) => `${theirs!.value > 0 ? fixed(value / theirs!.value) : '∞'} of ${SERVER_SHORT_NAMES[peer]}`);
      return { key, verdict, detail: `${label}: ${fixed(value)} ${unit}, ${ratios.join(', ')}` };
    }
    case 'absolute': {
      const verdict = value <= bound.atMost ? Verdict.Met : Verdict.Missed;
      return { key, verdict, detail: `${label}: ${fixed(value)} ${unit} (at most ${fixed(bound.atMost)})` };
    }
  }
}

export function checkTargets(results: Results, targets: readonly Target[] = TARGETS): TargetVerdict[] {
  return targets.map((target) => {
    const checks = target.keys.map((key) => check(results, key, target.bound));
    const verdict = checks.some((c) => c.verdict === Verdict.Missed)
      ? Verdict.Missed
      : checks.some((c) => c.verdict === Verdict.NotMeasured)
        ? Verdict.NotMeasured
        : Verdict.Met;
    return { target, verdict, checks };
  });
}

/** The misses and what was not measured are listed figure by figure; a met target in one line. */
function shownChecks(verdict: TargetVerdict): Check[] {
  return verdict.verdict === Verdict.Met ? [] : verdict.checks.filter((c) => c.verdict !== Verdict.Met);
}

/** `basis` says what was judged, e.g. "the medians of 3 rounds (propagation, fan-out), one run of the rest". */
export function targetsText(verdicts: readonly TargetVerdict[], basis = 'this run alone'): string {
  const width = Math.max(...Object.values(Verdict).map((v) => v.length));
  const lines = [`targets (issue #20), judged on ${basis}:`];
  for (const verdict of verdicts) {
    lines.push(`  ${verdict.verdict.padEnd(width)}  ${verdict.target.text}`);
    for (const c of shownChecks(verdict)) lines.push(`  ${''.padEnd(width)}    ${c.verdict === Verdict.Missed ? '✗' : '?'} ${c.detail}`);
  }
  return lines.join('\n');
}

const MARKS: Record<Verdict, string> = { [Verdict.Met]: '', [Verdict.Missed]: '✗ ', [Verdict.NotMeasured]: '? ' };

/** Every figure of every target, so that the table says how far each was from its bound. */
export function targetsMarkdown(verdicts: readonly TargetVerdict[]): string {
  const out = ['| target | this run | figures (✗ missed, ? not measured) |', '|---|---|---|'];
  for (const verdict of verdicts) {
    out.push(`| ${verdict.target.text} | **${verdict.verdict}** | ${verdict.checks.map((c) => `${MARKS[c.verdict]}${c.detail}`).join('; ')} |`);
  }
  return out.join('\n');
}
