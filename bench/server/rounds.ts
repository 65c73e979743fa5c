/**
 * Rounds: how bench:server and bench:cluster turn several short measurements into one figure.
 *
 * On the shared 2-core VM the same build's figures move between runs minutes apart far more than
 * the targets' margins (ours' fan-out CPU per delivered message 9.65–20.1 µs at 50 readers,
 * propagation p99 1.5–4.1 ms: bench/NOTES.md, 2026-12-07), so one window per server cannot judge
 * a 15% target. A noisy scenario therefore runs in rounds: each round runs every server (or
 * deployment) once, in an order rotated by one each round, so that none always runs first or
 * straight after the same one; each figure is the median of that server's rounds, which one
 * disturbed round cannot move. A ratio is the ratio of the medians (one number, simple to
 * explain); the ratios of each round (ours and the peer measured in the same round) are printed
 * beside it so that the spread shows.
 */
import { withTimeout } from './client';
import type { Metric } from './scenarios/common';
import { formatFigure } from './stats';

/** Rounds of a full run: the fewest whose median a single disturbed round cannot move. */
export const FULL_ROUNDS = 3;
/** A quick run is for profiling and smoke tests, not for judging: one round, unless asked. */
export const QUICK_ROUNDS = 1;

/** The number of rounds from `--rounds` / BENCH_ROUNDS, or the default for the run's size. */
export function roundCount(value: string | undefined, quick: boolean): number {
  if (value === undefined || value === '') return quick ? QUICK_ROUNDS : FULL_ROUNDS;
  const rounds = Number(value);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds (BENCH_ROUNDS) must be a whole number of at least 1, not "${value}"`);
  return rounds;
}

/**
 * The median of the finite values, NaN if there are none (every round of it failed); of an even
 * count, the mean of the middle two (with two rounds, their mean).
 */
export function median(values: ReadonlyArray<number | undefined>): number {
  const sorted = values.filter((v): v is number => v !== undefined && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The order of round `round` (counted from 0): `names` rotated left by `round`. */
export function rotated<N>(names: readonly N[], round: number): N[] {
  if (names.length === 0) return [];
  const start = round % names.length;
  return [...names.slice(start), ...names.slice(0, start)];
}

export type ByName<N extends string> = Partial<Record<N, Metric[]>>;
/** One scenario's figures round by round: `perRound[round][name]`; a failed measurement is absent. */
export type PerRound<N extends string> = Array<ByName<N>>;

/**
 * Runs `rounds` rounds of `run` over `names`, each round in the rotated order. `run` starts and
 * stops the server itself and returns undefined when the measurement failed (having said why),
 * so that one failure costs one figure, not the run.
 */
export async function runRounds<N extends string>(
  names: readonly N[],
  rounds: number,
  run: (name: N, round: number) => Promise<Metric[] | undefined>,
): Promise<PerRound<N>> {
  const perRound: PerRound<N> = [];
  for (let round = 0; round < rounds; round++) {
    const figures: ByName<N> = {};
    for (const name of rotated(names, round)) {
      const metrics = await run(name, round);
      if (metrics) figures[name] = metrics;
    }
    perRound.push(figures);
  }
  return perRound;
}

/** Rounds of a scenario whose servers run together: `run` gets every server of a round, in the round's rotated order. */
export async function runRoundsTogether<N extends string>(
  names: readonly N[],
  rounds: number,
  run: (order: N[], round: number) => Promise<ByName<N>>,
): Promise<PerRound<N>> {
  const perRound: PerRound<N> = [];
  for (let round = 0; round < rounds; round++) perRound.push(await run(rotated(names, round), round));
  return perRound;
}

/**
 * One measurement of `scenario` on a fresh server (or deployment) `name`: started, run within `timeoutMs`, stopped, its
 * time logged; undefined if it failed (said on `log`), for `runRounds` (and `runRoundsTogether`, a round's servers as one).
 */
export async function measureFresh<S extends { stop(): Promise<void> }, R = Metric[]>(
  what: { scenario: string; name: string; round: number; rounds: number; timeoutMs: number; log: (message: string) => void },
  start: () => Promise<S>,
  run: (server: S) => Promise<R>,
): Promise<R | undefined> {
  const { scenario, name, round, rounds, timeoutMs, log } = what;
  const t = performance.now();
  const which = `${scenario} × ${name}${rounds > 1 ? ` (round ${round + 1} of ${rounds})` : ''}`;
  const server = await start();
  try {
    const metrics = await withTimeout(run(server), timeoutMs, `${scenario} on ${name}`);
    log(`  ${which}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    return metrics;
  } catch (error) {
    log(`  ${which} FAILED: ${error instanceof Error ? error.stack : String(error)}`);
    return undefined;
  } finally {
    await server.stop();
  }
}

/** One metric of one server, round by round (undefined where that round has no figure). */
export function series<N extends string>(perRound: PerRound<N>, name: N, key: string): Array<number | undefined> {
  return perRound.map((figures) => figures[name]?.find((metric) => metric.key === key)?.value);
}

/**
 * Each server's figures as the median of its rounds, metric by metric, in the order they first
 * appear; label, unit and `info` from the first round that has the metric.
 */
export function medians<N extends string>(perRound: PerRound<N>): ByName<N> {
  const result: ByName<N> = {};
  const names = [...new Set(perRound.flatMap((figures) => Object.keys(figures) as N[]))];
  for (const name of names) {
    const metrics: Metric[] = [];
    for (const figures of perRound) {
      for (const metric of figures[name] ?? []) {
        if (!metrics.some((m) => m.key === metric.key)) metrics.push({ ...metric, value: median(series(perRound, name, metric.key)) });
      }
    }
    result[name] = metrics;
  }
  return result;
}

/** A line of the per-round table: a server's figure in each round, or a ratio of two servers'. */
export interface SpreadRow {
  label: string;
  values: Array<number | undefined>;
  /** A figure: the median of the rounds; a ratio: the ratio of the medians (the one judged). */
  summary: number;
  ratio: boolean;
}

export interface SpreadBlock {
  title: string;
  unit: string;
  rows: SpreadRow[];
}

export function valueRow(label: string, values: ReadonlyArray<number | undefined>): SpreadRow {
  return { label, values: [...values], summary: median(values), ratio: false };
}

const divided = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b <= 0 ? undefined : a / b;

/** `ours / theirs` round by round (both measured in that round), and the ratio of their medians. */
export function ratioRow(label: string, ours: ReadonlyArray<number | undefined>, theirs: ReadonlyArray<number | undefined>): SpreadRow {
  const values = ours.map((value, round) => divided(value, theirs[round]));
  return { label, values, summary: divided(median(ours), median(theirs)) ?? Number.NaN, ratio: true };
}

function cell(row: SpreadRow, value: number | undefined, unit: string): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  return row.ratio ? value.toFixed(2) : formatFigure(value, unit);
}

const roundHeadings = (blocks: readonly SpreadBlock[]): string[] => {
  const rounds = Math.max(0, ...blocks.flatMap((block) => block.rows.map((row) => row.values.length)));
  return [...Array.from({ length: rounds }, (_, round) => `round ${round + 1}`), 'median'];
};

const SUMMARY_NOTE = 'median: of the rounds; for a ratio, the ratio of the medians (the figure judged)';

export function spreadText(blocks: readonly SpreadBlock[]): string {
  const headings = roundHeadings(blocks);
  const lines: string[] = [];
  for (const block of blocks) {
    const rows = block.rows.map((row) => [`    ${row.label}`, ...headings.map((_, i) => cell(row, i < headings.length - 1 ? row.values[i] : row.summary, block.unit))]);
    const widths = headings.map((heading, i) => Math.max(heading.length, ...rows.map((cells) => cells[i + 1]!.length)));
    const labelWidth = Math.max(...rows.map((cells) => cells[0]!.length));
    const pad = (cells: string[]): string => [cells[0]!.padEnd(labelWidth), ...cells.slice(1).map((c, i) => c.padStart(widths[i]!))].join('  ');
    lines.push(`  ${block.title}${block.unit ? ` (${block.unit})` : ''}`, pad(['', ...headings]), ...rows.map(pad));
  }
  return [...lines, `  ${SUMMARY_NOTE}`].join('\n');
}

export function spreadMarkdown(blocks: readonly SpreadBlock[]): string {
  const headings = roundHeadings(blocks);
  const out = [`| figure | ${headings.join(' | ')} |`, `|---|${headings.map(() => '---:').join('|')}|`];
  for (const block of blocks) {
    out.push(`| **${block.title}**${block.unit ? ` (${block.unit})` : ''} |${headings.map(() => ' |').join('')}`);
    for (const row of block.rows) {
      const cells = headings.map((_, i) => cell(row, i < headings.length - 1 ? row.values[i] : row.summary, block.unit));
      out.push(`| ${row.label} | ${cells.join(' | ')} |`);
    }
  }
  return [...out, '', SUMMARY_NOTE].join('\n');
}
