/**
 * `npm run bench:server`: our sync server against @y/websocket-server (in memory and with
 * LevelDB) and @hocuspocus/server, one scenario at a time, each server in a fresh process of its
 * own, driven from this process over loopback; the fan-out scenarios also run against the send
 * floor (servers/send-floor.mjs), a relay that does nothing but one `ws.send` per reader. Prints
 * a table of absolute figures and ratios (ours / theirs), then which of issue #20's targets this
 * run met (targets.ts), and writes both, with the raw figures, to bench/server/results/
 * (docs/BENCHMARKS.md explains each scenario).
 *
 * Options (flags or environment):
 *   --quick            BENCH_QUICK=1        smaller sizes and shorter windows (~3 minutes)
 *   --only=a,b         BENCH_ONLY           scenarios: propagation, fanout50, fanout200,
 *                                           presence, memory, churn, large, storm
 *   --servers=a,b      BENCH_SERVERS        ours, y-websocket, y-websocket-leveldb, hocuspocus,
 *                                           send-floor
 *   --profile=a,b      BENCH_PROFILE        CPU-profile these servers in each scenario's window
 *                                           (.cpuprofile files + summaries in the results)
 *   --out=dir          BENCH_OUT            where results go (default bench/server/results)
 *
 * Environment only: BENCH_OURS_SRC (build "ours" from another checkout, for before/after),
 * BENCH_NODE_ARGS (extra Node flags for every server, e.g. "--trace-gc"), BENCH_VERBOSE=1
 * (print the servers' output).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withTimeout } from './client';
import { summarizeProfile } from './profile-summary';
import { markdownTable, tableRows, textTable, type Results } from './report';
import { checkTargets, targetsMarkdown, targetsText } from './targets';
import type { Scenario } from './scenarios/common';
import { churn } from './scenarios/churn';
import { fanout200, fanout50 } from './scenarios/fanout';
import { joinStorm } from './scenarios/join-storm';
import { largeJoin } from './scenarios/large-join';
import { memory } from './scenarios/memory';
import { presence } from './scenarios/presence';
import { propagation } from './scenarios/propagation';
import { FLOOR, SERVER_NAMES, SERVER_NOTES, buildOurs, pinDriver, startServer, type ServerName } from './servers';

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

async function main(): Promise<void> {
  const quick = ['1', 'true'].includes(option('quick', 'BENCH_QUICK') ?? '');
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
  log(`bench:server ${quick ? '(quick) ' : ''}on ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${cores}, Node ${process.version}; ` +
    (pinned ? 'server on core 0, driver on core 1 (taskset)' : 'not pinned (no taskset or one core)'));
  await buildOurs();

  const results: Results = {};
  const started = performance.now();
  for (const scenario of scenarios) {
    results[scenario.id] = {};
    for (const name of servers as ServerName[]) {
      if (name === FLOOR && !scenario.floor) continue;
      const t = performance.now();
      const server = await startServer(name);
      try {
        const metrics = await withTimeout(scenario.run({ server, quick, profileDir: profiled.includes(name) ? profileDir : null, log }), 180_000, `${scenario.id} on ${name}`);
        results[scenario.id]![name] = metrics;
        log(`  ${scenario.id} × ${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
      } catch (error) {
        log(`  ${scenario.id} × ${name} FAILED: ${error instanceof Error ? error.stack : String(error)}`);
      } finally {
        await server.stop();
      }
    }
    // Keep what is done so far, in case a later scenario fails.
    fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify({ quick, servers, results }, null, 2));
  }
  const titles = Object.fromEntries(SCENARIOS.map((s) => [s.id, s.title]));
  const rows = tableRows(results, titles);
  const minutes = ((performance.now() - started) / 60_000).toFixed(1);
  const notes = [
    `servers: ${servers.map((name) => `${name} = ${SERVER_NOTES[name]}`).join('; ')}`,
    `machine: ${os.cpus()[0]?.model ?? '?'} × ${cores}, Node ${process.version}, ${pinned ? 'server pinned to core 0, driver to core 1' : 'not pinned'}; ${quick ? 'quick sizes' : 'full sizes'}; ${minutes} min`,
  ];
  const verdicts = checkTargets(results);
  process.stdout.write(`\n${textTable(rows)}\n\n${notes.join('\n')}\nratios are ours / theirs: below 1 means ours uses less (time, CPU, memory)\n\n${targetsText(verdicts)}\n`);
  fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify({ quick, servers, notes, results }, null, 2));
  let markdown = `${markdownTable(rows)}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n\nTargets, judged on this run alone:\n\n${targetsMarkdown(verdicts)}\n`;
  if (profileDir) {
    const summaries = fs.readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile')).sort().map((f) => summarizeProfile(path.join(profileDir, f), 20));
    fs.writeFileSync(path.join(profileDir, 'summary.txt'), summaries.join('\n\n'));
    markdown += `\nProfiles: ${profileDir}\n`;
  }
  fs.writeFileSync(path.join(outDir, 'results.md'), markdown);
  process.stdout.write(`results: ${outDir}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:server failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
