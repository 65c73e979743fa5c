/**
 * What `bench:cluster` prints: the table of every deployment's figures (the medians of the rounds for the scenarios
 * run in rounds), the three targets of issue #21 judged on them, and, when there were several rounds, the targets'
 * figures round by round with the ratios of each round, so that the spread between rounds shows.
 */
import { ratioRow, series, valueRow, type PerRound, type SpreadBlock, type SpreadRow } from '../server/rounds';
import type { Metric } from '../server/scenarios/common';
import { formatFigure } from '../server/stats';
import { DEPLOYMENTS, FLOOR, type DeploymentName } from './deployments';

export type Results = Record<string, Partial<Record<DeploymentName, Metric[]>>>;
export type RoundResults = Record<string, PerRound<DeploymentName>>;

const value = (results: Results, scenario: string, deployment: DeploymentName, key: string): number | undefined =>
  results[scenario]?.[deployment]?.find((metric) => metric.key === key)?.value;

const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined || b === 0 ? '–' : (a / b).toFixed(2));

/** The markdown table; `roundsOf` names how many rounds a scenario's figures are the median of. */
export function table(results: Results, roundsOf: (scenario: string) => number): string {
  const header = ['metric', ...DEPLOYMENTS, 'cluster/single', 'cluster/hocus', 'cluster/floor'];
  const rows = [header, header.map((_, i) => (i === 0 ? '---' : '---:'))];
  for (const [scenario, byDeployment] of Object.entries(results)) {
    const metrics = DEPLOYMENTS.flatMap((name) => byDeployment[name] ?? []).filter((metric, i, all) => all.findIndex((m) => m.key === metric.key) === i);
    const rounds = roundsOf(scenario);
    const heading = rounds > 1 ? `${scenario} (median of ${rounds} rounds)` : scenario;
    for (const metric of metrics) {
      const get = (name: DeploymentName): number | undefined => value(results, scenario, name, metric.key);
      const ratios = metric.info ? ['', '', ''] : [ratio(get('cluster'), get('single')), ratio(get('cluster'), get('hocuspocus-redis')), ratio(get('cluster'), get(FLOOR))];
      rows.push([`${heading}: ${metric.label}`, ...DEPLOYMENTS.map((name) => formatFigure(get(name), metric.unit)), ...ratios]);
    }
  }
  return rows.map((row) => `| ${row.join(' | ')} |`).join('\n');
}

/** The three targets, from this run's figures (medians, for the scenarios run in rounds). */
export function verdicts(results: Results): string[] {
  const judge = (what: string, ok: boolean | null, figures: string): string => `- ${ok === null ? 'not measured' : ok ? 'met' : 'MISSED'}: ${what} (${figures})`;
  const [p1, p3, ph] = (['single', 'cluster', 'hocuspocus-redis'] as const).map((name) => value(results, 'propagation', name, 'prop.p99'));
  const cpu = (scenario: string): Array<number | undefined> => (['single', 'cluster', 'hocuspocus-redis'] as const).map((name) => value(results, scenario, name, 'spread.cpu'));
  const [c1, c3, ch] = cpu('spread');
  const [, r3, rh] = cpu('spread-by-room');
  const memory = value(results, 'idle', 'cluster', 'idle.ratio');
  const known = (...numbers: Array<number | undefined>): boolean => numbers.every((n) => n !== undefined && !Number.isNaN(n));
  return [
    judge('cross-instance propagation p99 at most 1.5× one instance, and below Hocuspocus-Redis', known(p1, p3, ph) ? p3! <= 1.5 * p1! && p3! < ph! : null,
      `cluster ${formatFigure(p3, 'ms')}, single ${formatFigure(p1, 'ms')} (×${ratio(p3, p1)}), Hocuspocus-Redis ${formatFigure(ph, 'ms')} (×${ratio(p3, ph)})`),
    judge('CPU per delivered message, three instances + Redis, at most 1.5× one instance, and below Hocuspocus-Redis', known(c1, c3, ch) ? c3! <= 1.5 * c1! && c3! < ch! : null,
      `cluster ${formatFigure(c3, 'µs')}, single ${formatFigure(c1, 'µs')} (×${ratio(c3, c1)}), Hocuspocus-Redis ${formatFigure(ch, 'µs')} (×${ratio(c3, ch)})`),
    judge('the same with each room\'s people on one instance (nginx hash $uri), against one instance with everyone', known(c1, r3, rh) ? r3! <= 1.5 * c1! && r3! < rh! : null,
      `cluster ${formatFigure(r3, 'µs')}, single ${formatFigure(c1, 'µs')} (×${ratio(r3, c1)}), Hocuspocus-Redis ${formatFigure(rh, 'µs')} (×${ratio(r3, rh)})`),
    judge('an instance whose clients left holds nothing for their rooms (memory within 10% of its idle figure)', known(memory) ? memory! <= 1.1 : null, `after / idle ×${formatFigure(memory, '')}`),
  ];
}

/**
 * What the relay floor shows, when it ran (not a target): what relaying through Redis alone costs against one instance,
 * and how far ours as a cluster is above that.
 */
export function floorNotes(results: Results): string[] {
  const lines: string[] = [];
  for (const [scenario, key, what, unit] of [
    ['propagation', 'prop.p99', 'propagation p99', 'ms'],
    ['spread', 'spread.cpu', 'CPU per delivered message, round-robin', 'µs'],
  ] as const) {
    const [single, cluster, floor] = (['single', 'cluster', FLOOR] as const).map((name) => value(results, scenario, name, key));
    if (floor === undefined) continue;
    lines.push(`- ${what}: the relay floor ${formatFigure(floor, unit)}, ×${ratio(floor, single)} one instance; the cluster ×${ratio(cluster, floor)} the floor`);
  }
  return lines;
}

/**
 * The targets' figures round by round, for the scenarios that ran more than one. The by-room target sets the cluster
 * against one instance under the round-robin load (there is no "by room" for one instance): its per-round ratio pairs
 * round r of spread-by-room with round r of spread, measured a few minutes apart rather than side by side.
 */
export function roundBlocks(perRound: RoundResults): SpreadBlock[] {
  // A deployment left out with --deployments has no row, nor any ratio against it.
  const measured = (row: SpreadRow): boolean => row.values.some((v) => v !== undefined);
  const blocks: SpreadBlock[] = [];
  const several = (scenario: string): PerRound<DeploymentName> | undefined => ((perRound[scenario]?.length ?? 0) > 1 ? perRound[scenario] : undefined);
  for (const [scenario, key, title, unit] of [
    ['propagation', 'prop.p99', 'propagation: p99', 'ms'],
    ['spread', 'spread.cpu', 'spread (round-robin): CPU per delivered message, instances + Redis', 'µs'],
  ] as const) {
    const rounds = several(scenario);
    if (!rounds) continue;
    const of = (name: DeploymentName): Array<number | undefined> => series(rounds, name, key);
    const [single, cluster, hocus, floor] = [of('single'), of('cluster'), of('hocuspocus-redis'), of(FLOOR)];
    blocks.push({
      title,
      unit,
      rows: [
        valueRow('single', single),
        valueRow('cluster', cluster),
        valueRow('hocuspocus-redis', hocus),
        valueRow('relay-floor', floor),
        ratioRow('cluster / single', cluster, single),
        ratioRow('cluster / hocus', cluster, hocus),
        ratioRow('relay-floor / single', floor, single),
        ratioRow('cluster / relay-floor', cluster, floor),
      ].filter(measured),
    });
  }
  const byRoom = several('spread-by-room');
  if (byRoom) {
    const cluster = series(byRoom, 'cluster', 'spread.cpu');
    const hocus = series(byRoom, 'hocuspocus-redis', 'spread.cpu');
    const singleRoundRobin = perRound.spread ? series(perRound.spread, 'single', 'spread.cpu') : [];
    blocks.push({
      title: 'spread-by-room: CPU per delivered message, instances + Redis',
      unit: 'µs',
      rows: [
        valueRow('cluster', cluster),
        valueRow('hocuspocus-redis', hocus),
        valueRow('single (round-robin, from spread)', singleRoundRobin),
        ratioRow('cluster / single round-robin', cluster, singleRoundRobin),
        ratioRow('cluster / hocus', cluster, hocus),
      ].filter(measured),
    });
  }
  return blocks;
}
