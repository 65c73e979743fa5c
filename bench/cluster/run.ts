/**
 * `npm run bench:cluster`: ours as one embedded instance, ours as a cluster of three instances (Redis and PostgreSQL),
 * and Hocuspocus with its Redis extension (three instances, the same Redis), one scenario at a time, each deployment
 * fresh for each (deployments.ts, scenarios.ts). Prints the figures and the three ratios the cluster issue (#21) names,
 * judged on this run alone, and writes them to bench/cluster/results/ (docs/BENCHMARKS.md explains them).
 *
 * Options: --quick (BENCH_QUICK=1) for smaller sizes and windows; --only=propagation,spread,spread-by-room,idle (BENCH_ONLY);
 * --deployments=single,cluster (BENCH_DEPLOYMENTS) for before/after runs of ours (with BENCH_OURS_SRC, as bench:server).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withTimeout } from '../server/client';
import type { Metric } from '../server/scenarios/common';
import { buildOurs, pinDriver } from '../server/servers';
import { DEPLOYMENTS, startDeployment, type DeploymentName } from './deployments';
import { FULL, QUICK, idle, propagation, spread, spreadByRoom, type Sizes } from './scenarios';

type Results = Record<string, Partial<Record<DeploymentName, Metric[]>>>;
const SCENARIOS = { propagation, spread, 'spread-by-room': spreadByRoom, idle } as const;
type ScenarioId = keyof typeof SCENARIOS;

function option(name: string, env: string): string | undefined {
  const flag = process.argv.find((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (flag) return flag.includes('=') ? flag.slice(flag.indexOf('=') + 1) : '1';
  return process.env[env];
}

const value = (results: Results, scenario: string, deployment: DeploymentName, key: string): number | undefined =>
  results[scenario]?.[deployment]?.find((metric) => metric.key === key)?.value;

function format(number: number | undefined, unit = ''): string {
  if (number === undefined || Number.isNaN(number)) return '–';
  const digits = Math.abs(number) >= 100 ? 0 : Math.abs(number) >= 10 ? 1 : 2;
  return `${number.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined || b === 0 ? '–' : (a / b).toFixed(2));

function table(results: Results): string {
  const header = ['metric', ...DEPLOYMENTS, 'cluster/single', 'cluster/hocus'];
  const rows = [header, header.map((_, i) => (i === 0 ? '---' : '---:'))];
  for (const [scenario, byDeployment] of Object.entries(results)) {
    const metrics = DEPLOYMENTS.flatMap((name) => byDeployment[name] ?? []).filter((metric, i, all) => all.findIndex((m) => m.key === metric.key) === i);
    for (const metric of metrics) {
      const get = (name: DeploymentName): number | undefined => value(results, scenario, name, metric.key);
      const ratios = metric.info ? ['', ''] : [ratio(get('cluster'), get('single')), ratio(get('cluster'), get('hocuspocus-redis'))];
      rows.push([`${scenario}: ${metric.label}`, ...DEPLOYMENTS.map((name) => format(get(name), metric.unit)), ...ratios]);
    }
  }
  return rows.map((row) => `| ${row.join(' | ')} |`).join('\n');
}

/** The issue's three targets, from this run's figures. */
function verdicts(results: Results): string[] {
  const judge = (what: string, ok: boolean | null, figures: string): string => `- ${ok === null ? 'not measured' : ok ? 'met' : 'MISSED'}: ${what} (${figures})`;
  const [p1, p3, ph] = (['single', 'cluster', 'hocuspocus-redis'] as const).map((name) => value(results, 'propagation', name, 'prop.p99'));
  const cpu = (scenario: string): Array<number | undefined> => (['single', 'cluster', 'hocuspocus-redis'] as const).map((name) => value(results, scenario, name, 'spread.cpu'));
  const [c1, c3, ch] = cpu('spread');
  const [, r3, rh] = cpu('spread-by-room');
  const memory = value(results, 'idle', 'cluster', 'idle.ratio');
  const known = (...numbers: Array<number | undefined>): boolean => numbers.every((n) => n !== undefined && !Number.isNaN(n));
  return [
    judge('cross-instance propagation p99 at most 1.5× one instance, and below Hocuspocus-Redis', known(p1, p3, ph) ? p3! <= 1.5 * p1! && p3! < ph! : null,
      `cluster ${format(p3, 'ms')}, single ${format(p1, 'ms')} (×${ratio(p3, p1)}), Hocuspocus-Redis ${format(ph, 'ms')} (×${ratio(p3, ph)})`),
    judge('CPU per delivered message, three instances + Redis, at most 1.5× one instance, and below Hocuspocus-Redis', known(c1, c3, ch) ? c3! <= 1.5 * c1! && c3! < ch! : null,
      `cluster ${format(c3, 'µs')}, single ${format(c1, 'µs')} (×${ratio(c3, c1)}), Hocuspocus-Redis ${format(ch, 'µs')} (×${ratio(c3, ch)})`),
    judge('the same with each room\'s people on one instance (nginx hash $uri), against one instance with everyone', known(c1, r3, rh) ? r3! <= 1.5 * c1! && r3! < rh! : null,
      `cluster ${format(r3, 'µs')}, single ${format(c1, 'µs')} (×${ratio(r3, c1)}), Hocuspocus-Redis ${format(rh, 'µs')} (×${ratio(r3, rh)})`),
    judge('an instance whose clients left holds nothing for their rooms (memory within 10% of its idle figure)', known(memory) ? memory! <= 1.1 : null, `after / idle ×${format(memory)}`),
  ];
}

async function main(): Promise<void> {
  const quick = ['1', 'true'].includes(option('quick', 'BENCH_QUICK') ?? '');
  const sizes: Sizes = quick ? QUICK : FULL;
  const only = option('only', 'BENCH_ONLY')?.split(',').filter(Boolean) ?? Object.keys(SCENARIOS);
  for (const id of only) if (!(id in SCENARIOS)) throw new Error(`unknown scenario ${id}; expected ${Object.keys(SCENARIOS).join(', ')}`);
  const deployments = option('deployments', 'BENCH_DEPLOYMENTS')?.split(',').filter(Boolean) ?? [...DEPLOYMENTS];
  for (const name of deployments) if (!DEPLOYMENTS.includes(name as DeploymentName)) throw new Error(`unknown deployment ${name}; expected ${DEPLOYMENTS.join(', ')}`);
  const log = (message: string): void => void process.stderr.write(`${message}\n`);
  const cores = os.availableParallelism();
  const pinned = pinDriver();
  log(`bench:cluster ${quick ? '(quick) ' : ''}on ${os.cpus()[0]?.model ?? '?'} × ${cores}, Node ${process.version}; ${pinned ? 'servers, Redis and PostgreSQL on core 0, driver on core 1' : 'not pinned'}`);
  await buildOurs();
  const results: Results = {};
  const started = performance.now();
  for (const id of only as ScenarioId[]) {
    results[id] = {};
    for (const name of deployments as DeploymentName[]) {
      const t = performance.now();
      const deployment = await startDeployment(name);
      try {
        results[id]![name] = await withTimeout(SCENARIOS[id](deployment, sizes), 600_000, `${id} on ${name}`);
        log(`  ${id} × ${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
      } catch (error) {
        log(`  ${id} × ${name} FAILED: ${error instanceof Error ? error.stack : String(error)}`);
      } finally {
        await deployment.stop();
      }
    }
  }
  const notes = [
    `sizes: ${JSON.stringify(sizes)}; ${((performance.now() - started) / 60_000).toFixed(1)} min`,
    `machine: ${os.cpus()[0]?.model ?? '?'} × ${cores}, Node ${process.version}; ${pinned ? 'every server process, Redis and PostgreSQL on core 0, the driver on core 1' : 'not pinned'}`,
    'single = one embedded instance (SQLite); cluster = three instances, Redis 7, PostgreSQL 15 (fsync on); hocuspocus-redis = three @hocuspocus/server 3.4.4 with @hocuspocus/extension-redis 3.4.4, in memory',
  ];
  const report = `${table(results)}\n\n${notes.map((note) => `- ${note}`).join('\n')}\n\nTargets (issue #21), this run:\n\n${verdicts(results).join('\n')}\n`;
  process.stdout.write(`\n${report}`);
  const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', `cluster-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}${quick ? '-quick' : ''}`);
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'results.md'), report);
  fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify({ quick, sizes, notes, results }, null, 2));
  process.stdout.write(`results: ${outDir}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:cluster failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
