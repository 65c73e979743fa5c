/**
 * The figures behind the targets' medians, round by round, so that a reader sees how far the
 * rounds were apart: for each metric a target is judged on (targets.ts), in every scenario that
 * ran more than one round, ours' value and that of each server the targets compare it with, then
 * ours' ratio to each of them in every round (both measured in that round) beside the ratio of the
 * medians that was judged.
 */
import type { Metric } from './scenarios/common';
import { ratioRow, series, valueRow, type PerRound, type SpreadBlock } from './rounds';
import { PEER_NAMES, SERVER_SHORT_NAMES, type ServerName } from './servers';
import { TARGETS, type Target } from './targets';

/** Each scenario's figures round by round (one entry for a scenario that ran once). */
export type RoundResults = Record<string, PerRound<ServerName>>;

/** The servers ours is held against for `key`: a ratio target's peer, every peer for "no worse than any". */
function comparedWith(key: string, targets: readonly Target[]): ServerName[] {
  const names = new Set<ServerName>();
  for (const target of targets) {
    if (!target.keys.includes(key)) continue;
    if (target.bound.type === 'ratio') names.add(target.bound.peer);
    if (target.bound.type === 'everyPeer') for (const peer of PEER_NAMES) names.add(peer);
  }
  return [...names];
}

function firstMetric(perRound: PerRound<ServerName>, key: string): Metric | undefined {
  for (const figures of perRound) {
    for (const metrics of Object.values(figures)) {
      const metric = metrics?.find((m) => m.key === key);
      if (metric) return metric;
    }
  }
  return undefined;
}

export function targetRounds(results: RoundResults, titles: Readonly<Record<string, string>>, targets: readonly Target[] = TARGETS): SpreadBlock[] {
  const blocks: SpreadBlock[] = [];
  for (const key of new Set(targets.flatMap((target) => target.keys))) {
    for (const [scenario, perRound] of Object.entries(results)) {
      const metric = perRound.length > 1 ? firstMetric(perRound, key) : undefined;
      if (!metric) continue;
      const ours = series(perRound, 'ours', key);
      const peers = comparedWith(key, targets).filter((peer) => series(perRound, peer, key).some((value) => value !== undefined));
      blocks.push({
        title: `${titles[scenario] ?? scenario}: ${metric.label}`,
        unit: metric.unit,
        rows: [
          valueRow('ours', ours),
          ...peers.map((peer) => valueRow(peer, series(perRound, peer, key))),
          ...peers.map((peer) => ratioRow(`ours / ${SERVER_SHORT_NAMES[peer]}`, ours, series(perRound, peer, key))),
        ],
      });
    }
  }
  return blocks;
}
