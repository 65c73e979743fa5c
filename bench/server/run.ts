/**
 * `npm run bench:server`: our sync server against @y/websocket-server (in memory and with
 * LevelDB) and @hocuspocus/server, one scenario at a time, each server in a fresh process of its
 * own, driven from this process over loopback; the fan-out scenarios also run against the send
 * floor (servers/send-floor.mjs), a relay that does nothing but one `ws.send` per reader. The
 * noisy scenarios (`rounds: true`: propagation, fan-out) run in rounds, every server once a
 * round in an order rotated each round, and report the median of the rounds (rounds.ts); in
 * fan-out, the servers of a round run at the same time and draw in turns (scenarios/fanout.ts). Prints
 * a table of absolute figures and ratios (ours / theirs), then which of issue #20's targets this
 * run met (targets.ts) with the per-round figures behind them (target-rounds.ts), and writes all
 * of it, with the raw figures of every round, to bench/server/results/ (docs/BENCHMARKS.md
 * explains each scenario).
 *
 * Options (flags or environment):
 *   --quick            BENCH_QUICK=1        smaller sizes and shorter windows (~3 minutes)
 *   --rounds=N         BENCH_ROUNDS         rounds of the noisy scenarios (default 3, quick 1)
 *   --only=a,b         BENCH_ONLY           scenarios: propagation, fanout50, fanout200,
 *                                           presence, memory, churn, large, storm
 *   --servers=a,b      BENCH_SERVERS        ours, y-websocket, y-websocket-leveldb, hocuspocus,
 *                                           send-floor (and ours-b, see below)
 *   --profile=a,b      BENCH_PROFILE        CPU-profile these servers in each scenario's window
 *                                           (.cpuprofile files + summaries in the results)
 *   --out=dir          BENCH_OUT            where results go (default bench/server/results)
 *
 * Environment only: BENCH_OURS_SRC (build "ours" from another checkout, for before/after),
 * BENCH_OURS_B_SRC (build one more server, "ours-b", from another checkout and run it beside ours
 * in the same run, taking turns with it in fan-out: an A/B with a ratio column of its own),
 * BENCH_NODE_ARGS (extra Node flags for every server, e.g. "--trace-gc"), BENCH_VERBOSE=1
 * (print the servers' output).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarizeProfile } from './profile-summary';
import { markdownTable, tableRows, textTable, type Results } from './report';
import { measureFresh, medians, roundCount, runRounds, runRoundsTogether, spreadMarkdown, spreadText, type ByName } from './rounds';
import { targetRounds, type RoundResults } from './target-rounds';
import { checkTargets, targetsMarkdown, targetsText } from './targets';
import type { Metric, Scenario } from './scenarios/common';
import { churn } from './scenarios/churn';
import { fanout200, fanout50 } from './scenarios/fanout';
import { joinStorm } from './scenarios/join-storm';
import { largeJoin } from './scenarios/large-join';
import { memory } from './scenarios/memory';
import { presence } from './scenarios/presence';
import { propagation } from './scenarios/propagation';
import { FLOOR, SERVER_NAMES, SERVER_NOTES, buildOurs, pinDriver, startServer, type ServerHandle, type ServerName } from './servers';

const SCENARIOS: Scenario[] = [propagation, fanout50, fanout200, presence, memory, churn, largeJoin, joinStorm];

function option(name: string, env: string): string | undefined {
  const flag = process.argv.find((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (flag) return flag.includes('=') ? flag.slice(flag.indexOf('=') + 1) : '1';
  return process.env[env];
}

function list<T extends string>(value: string | undefined, all: readonly T[], what: string): T[] {
  if (!value) return [...all];
  const picked = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of picked) if (!all.includes(item as T)) throw new Error(`unknown ${what} ${item}; expected ${all.join(', ')}`);
  return picked as T[];
}

interface RunContext {
  quick: boolean;
  profileDir: string | null;
  profiled: readonly ServerName[];
  log(message: string): void;
}

/** One measurement: `scenario` on a fresh `name`; undefined if it failed (said on stderr). */
function measure(scenario: Scenario, name: ServerName, round: number, rounds: number, run: RunContext): Promise<Metric[] | undefined> {
  const profileDir = run.profiled.includes(name) ? run.profileDir : null;
  return measureFresh({ scenario: scenario.id, name, round, rounds, timeoutMs: 180_000, log: run.log }, () => startServer(name), (server) =>
    scenario.run({ server, quick: run.quick, profileDir, round, log: run.log }));
}

/** One round of a scenario whose servers run together (fan-out): all started fresh, measured, stopped; {} if it failed. */
async function measureTogether(
  id: string, together: NonNullable<Scenario['together']>, order: ServerName[], round: number, rounds: number, run: RunContext,
): Promise<ByName<ServerName>> {
  const what = { scenario: id, name: order.join(', '), round, rounds, timeoutMs: 120_000 * order.length, log: run.log };
  const figures = await measureFresh(what, () => startAll(order), async ({ servers }) => {
    const ctxs = servers.map((server) => ({ server, quick: run.quick, profileDir: run.profiled.includes(server.name) ? run.profileDir : null, round, log: run.log }));
    const all = await together(ctxs);
    return Object.fromEntries(order.map((name, i) => [name, all[i]])) as ByName<ServerName>;
  });
  return figures ?? {};
}

/** Every server of `order`, started fresh, to be stopped together (those already started, if one fails to start). */
async function startAll(order: readonly ServerName[]): Promise<{ servers: ServerHandle[]; stop(): Promise<void> }> {
  const servers: ServerHandle[] = [];
  const stop = async (): Promise<void> => void (await Promise.all(servers.map((server) => server.stop())));
  try {
    for (const name of order) servers.push(await startServer(name));
  } catch (error) {
    await stop();
    throw error;
  }
  return { servers, stop };
}

const SPREAD_HEADING = "The targets' figures round by round (a ratio pairs ours with the server measured in the same round)";

/** Prints the table, the targets and their figures round by round; writes them to `outDir`. */
function report(outDir: string, perRound: RoundResults, results: Results, notes: string[], inRounds: readonly string[], rounds: number): void {
  const titles = Object.fromEntries(SCENARIOS.map((s) => [s.id, s.title]));
  const roundsNote = (id: string): string => (inRounds.includes(id) ? ` — median of ${rounds} rounds` : '');
  const rows = tableRows(results, Object.fromEntries(SCENARIOS.map((s) => [s.id, `${s.title}${roundsNote(s.id)}`])));
  const verdicts = checkTargets(results);
  const basis = inRounds.length ? `the medians of ${rounds} rounds (${inRounds.join(', ')}) and one run of the rest` : 'this run alone';
  const spread = targetRounds(perRound, titles);
  process.stdout.write(`\n${textTable(rows)}\n\n${notes.join('\n')}\nratios are ours / theirs: below 1 means ours uses less (time, CPU, memory)\n\n${targetsText(verdicts, basis)}\n`);
  if (spread.length) process.stdout.write(`\n${SPREAD_HEADING}:\n${spreadText(spread)}\n`);
  let markdown = `${markdownTable(rows)}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n\nTargets, judged on ${basis}:\n\n${targetsMarkdown(verdicts)}\n`;
  if (spread.length) markdown += `\n${SPREAD_HEADING}:\n\n${spreadMarkdown(spread)}\n`;
  const profileDir = path.join(outDir, 'profiles');
  if (fs.existsSync(profileDir)) {
    const summaries = fs.readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile')).sort().map((f) => summarizeProfile(path.join(profileDir, f), 20));
    fs.writeFileSync(path.join(profileDir, 'summary.txt'), summaries.join('\n\n'));
    markdown += `\nProfiles: ${profileDir}\n`;
  }
  fs.writeFileSync(path.join(outDir, 'results.md'), markdown);
}

async function main(): Promise<void> {
  const quick = ['1', 'true'].includes(option('quick', 'BENCH_QUICK') ?? '');
  const rounds = roundCount(option('rounds', 'BENCH_ROUNDS'), quick);
  const scenarios = list(option('only', 'BENCH_ONLY'), SCENARIOS.map((s) => s.id), 'scenario').map((id) => SCENARIOS.find((s) => s.id === id)!);
  const servers = list(option('servers', 'BENCH_SERVERS'), SERVER_NAMES, 'server');
  const profiled = option('profile', 'BENCH_PROFILE') ? list(option('profile', 'BENCH_PROFILE'), SERVER_NAMES, 'server') : [];
  const here = path.dirname(fileURLToPath(import.meta.url));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const outDir = path.resolve(option('out', 'BENCH_OUT') ?? path.join(here, 'results'), `server-${stamp}${quick ? '-quick' : ''}`);
  fs.mkdirSync(outDir, { recursive: true });
  const profileDir = profiled.length ? path.join(outDir, 'profiles') : null;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });

  const cores = os.availableParallelism();
  const pinned = pinDriver();
  const log = (message: string): void => void process.stderr.write(`${message}\n`);
  const inRounds = rounds > 1 ? scenarios.filter((s) => s.rounds).map((s) => s.id) : [];
  log(`bench:server ${quick ? '(quick) ' : ''}on ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${cores}, Node ${process.version}; ` +
    (pinned ? 'server on core 0, driver on core 1 (taskset)' : 'not pinned (no taskset or one core)') +
    (inRounds.length ? `; ${rounds} rounds of ${inRounds.join(', ')}` : ''));
  await buildOurs();

  const run: RunContext = { quick, profileDir, profiled, log };
  const perRound: RoundResults = {};
  const results: Results = {};
  const started = performance.now();
  for (const scenario of scenarios) {
    const names = servers.filter((name) => name !== FLOOR || scenario.floor);
    const scenarioRounds = inRounds.includes(scenario.id) ? rounds : 1;
    const { together } = scenario;
    const figures = together
      ? await runRoundsTogether(names, scenarioRounds, (order, round) => measureTogether(scenario.id, together, order, round, scenarioRounds, run))
      : await runRounds(names, scenarioRounds, (name, round) => measure(scenario, name, round, scenarioRounds, run));
    perRound[scenario.id] = figures;
    results[scenario.id] = medians(figures);
    // Keep what is done so far, in case a later scenario fails.
    fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify({ quick, rounds, servers, results, perRound }, null, 2));
  }
  const minutes = ((performance.now() - started) / 60_000).toFixed(1);
  const notes = [
    `servers: ${servers.map((name) => `${name} = ${SERVER_NOTES[name]}`).join('; ')}`,
    `machine: ${os.cpus()[0]?.model ?? '?'} × ${cores}, Node ${process.version}, ${pinned ? 'server pinned to core 0, driver to core 1' : 'not pinned'}; ${quick ? 'quick sizes' : 'full sizes'}; ${minutes} min`,
    inRounds.length
      ? `figures of ${inRounds.join(', ')}: the median of ${rounds} rounds, each running every server once, in an order rotated by one each round (fan-out: all at once, drawing in turns, rotated each turn; ratios: of the medians); the other scenarios ran once`
      : 'figures: one run of each scenario',
  ];
  fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify({ quick, rounds, servers, notes, results, perRound }, null, 2));
  report(outDir, perRound, results, notes, inRounds, rounds);
  process.stdout.write(`results: ${outDir}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:server failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
