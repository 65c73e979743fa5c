/**
 * `npm run bench:cluster`: ours as one embedded instance, ours as a cluster of three instances (Redis and PostgreSQL),
 * and Hocuspocus with its Redis extension (three instances, the same Redis), one scenario at a time, each deployment
 * fresh for each (deployments.ts, scenarios.ts), beside the relay floor (what relaying through Redis alone costs).
 * The noisy scenarios (IN_ROUNDS) run in rounds, every deployment once a round in an order rotated each round, and
 * report the median of the rounds (bench/server/rounds.ts). Prints the
 * figures and the three ratios the cluster issue (#21) names, judged on this run, with the figures round by round
 * (report.ts), and writes them to bench/cluster/results/ (docs/BENCHMARKS.md explains them).
 *
 * Options: --quick (BENCH_QUICK=1) for smaller sizes and windows; --rounds=N (BENCH_ROUNDS; default 3, quick 1);
 * --only=propagation,spread,spread-by-room,idle (BENCH_ONLY); --deployments=single,cluster (BENCH_DEPLOYMENTS) for
 * before/after runs of ours (with BENCH_OURS_SRC, as bench:server).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureFresh, medians, roundCount, runRounds, spreadMarkdown } from '../server/rounds';
import type { Metric } from '../server/scenarios/common';
import { buildOurs, pinDriver } from '../server/servers';
import { DEPLOYMENTS, FLOOR, startDeployment, type DeploymentName } from './deployments';
import { floorNotes, roundBlocks, table, verdicts, type Results, type RoundResults } from './report';
import { FULL, QUICK, idle, propagation, spread, spreadByRoom, type Sizes } from './scenarios';

const SCENARIOS = { propagation, spread, 'spread-by-room': spreadByRoom, idle } as const;
type ScenarioId = keyof typeof SCENARIOS;
/**
 * Run in rounds: between quiet runs of one build the round-robin CPU ratio moved 2.1–2.9× and propagation p99 with it
 * (bench/NOTES.md, 2026-12-07). Idle runs once: it compares an instance with itself, and a round of it costs ~2.5
 * minutes of settling.
 */
const IN_ROUNDS: readonly ScenarioId[] = ['propagation', 'spread', 'spread-by-room'];
/**
 * Where the relay floor runs: the round-robin load and propagation, where every message crosses instances. By room, it
 * would publish what nobody else reads (ours does not), and it holds nothing worth an idle figure.
 */
const FLOOR_SCENARIOS: readonly ScenarioId[] = ['propagation', 'spread'];

function option(name: string, env: string): string | undefined {
  const flag = process.argv.find((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (flag) return flag.includes('=') ? flag.slice(flag.indexOf('=') + 1) : '1';
  return process.env[env];
}

const log = (message: string): void => void process.stderr.write(`${message}\n`);

/** One measurement: `id` on a fresh deployment `name`; undefined if it failed (said on stderr). */
function measure(id: ScenarioId, name: DeploymentName, sizes: Sizes, round: number, rounds: number): Promise<Metric[] | undefined> {
  return measureFresh({ scenario: id, name, round, rounds, timeoutMs: 600_000, log }, () => startDeployment(name), (deployment) => SCENARIOS[id](deployment, sizes));
}

async function main(): Promise<void> {
  const quick = ['1', 'true'].includes(option('quick', 'BENCH_QUICK') ?? '');
  const sizes: Sizes = quick ? QUICK : FULL;
  const rounds = roundCount(option('rounds', 'BENCH_ROUNDS'), quick);
  const only = option('only', 'BENCH_ONLY')?.split(',').filter(Boolean) ?? Object.keys(SCENARIOS);
  for (const id of only) if (!(id in SCENARIOS)) throw new Error(`unknown scenario ${id}; expected ${Object.keys(SCENARIOS).join(', ')}`);
  const deployments = option('deployments', 'BENCH_DEPLOYMENTS')?.split(',').filter(Boolean) ?? [...DEPLOYMENTS];
  for (const name of deployments) if (!DEPLOYMENTS.includes(name as DeploymentName)) throw new Error(`unknown deployment ${name}; expected ${DEPLOYMENTS.join(', ')}`);
  const inRounds = rounds > 1 ? IN_ROUNDS.filter((id) => only.includes(id)) : [];
  const roundsOf = (id: string): number => (inRounds.includes(id as ScenarioId) ? rounds : 1);
  const cores = os.availableParallelism();
  const pinned = pinDriver();
  log(`bench:cluster ${quick ? '(quick) ' : ''}on ${os.cpus()[0]?.model ?? '?'} × ${cores}, Node ${process.version}; ${pinned ? 'servers, Redis and PostgreSQL on core 0, driver on core 1' : 'not pinned'}` +
    (inRounds.length ? `; ${rounds} rounds of ${inRounds.join(', ')}` : ''));
  await buildOurs();
  const perRound: RoundResults = {};
  const results: Results = {};
  const started = performance.now();
  for (const id of only as ScenarioId[]) {
    const scenarioRounds = roundsOf(id);
    const names = (deployments as DeploymentName[]).filter((name) => name !== FLOOR || FLOOR_SCENARIOS.includes(id));
    perRound[id] = await runRounds(names, scenarioRounds, (name, round) => measure(id, name, sizes, round, scenarioRounds));
    results[id] = medians(perRound[id]!);
  }
  const notes = [
    `sizes: ${JSON.stringify(sizes)}; ${((performance.now() - started) / 60_000).toFixed(1)} min`,
    `machine: ${os.cpus()[0]?.model ?? '?'} × ${cores}, Node ${process.version}; ${pinned ? 'every server process, Redis and PostgreSQL on core 0, the driver on core 1' : 'not pinned'}`,
    `single = one embedded instance (SQLite); cluster = three instances, Redis 7, PostgreSQL 15 (fsync on); hocuspocus-redis = three @hocuspocus/server 3.4.4 with @hocuspocus/extension-redis 3.4.4, in memory; relay-floor = three bare ws relays sharing rooms through Redis Pub/Sub and nothing else (a reference, not a peer; ${FLOOR_SCENARIOS.join(' and ')} only)`,
    inRounds.length
      ? `figures of ${inRounds.join(', ')}: the median of ${rounds} rounds, each running every deployment once, in an order rotated by one each round (ratios: of the medians); the other scenarios ran once`
      : 'figures: one run of each scenario',
  ];
  const blocks = roundBlocks(perRound);
  const spread = blocks.length ? `\nThe targets' figures round by round (a ratio pairs deployments measured in the same round):\n\n${spreadMarkdown(blocks)}\n` : '';
  const judged = inRounds.length ? `the medians of ${rounds} rounds (${inRounds.join(', ')}) and one run of the rest` : 'this run alone';
  const floor = floorNotes(results);
  const floorText = floor.length ? `\nThe relay floor (a reference, not a target):\n\n${floor.join('\n')}\n` : '';
  const report = `${table(results, roundsOf)}\n\n${notes.map((note) => `- ${note}`).join('\n')}\n\nTargets (issue #21), judged on ${judged}:\n\n${verdicts(results).join('\n')}\n${floorText}${spread}`;
  process.stdout.write(`\n${report}`);
  const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', `cluster-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}${quick ? '-quick' : ''}`);
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'results.md'), report);
  fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify({ quick, rounds, sizes, notes, results, perRound }, null, 2));
  process.stdout.write(`results: ${outDir}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:cluster failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
