/**
 * What a board's history forgets: versions older than the retention (`--history-days`), and, while its history is over
 * the size cap (`--max-history-mb`), the oldest ones. Forgetting cuts at a version: every segment up to it becomes one,
 * the state there, which later versions are rebuilt from. Pure, for every storage backend.
 */
import { PruneReason } from '../../protocol/history';
import type { PruneLimits } from './segments';

/** Share of the cap the kept segments may fill when cutting for size: the merged base takes the rest (hysteresis). */
const KEPT_SHARE_OF_CAP = 3 / 4;

export interface PruneCut {
  /** Versions at or before this position are forgotten; segments up to it become one. */
  cut: number;
  reason: PruneReason;
}

/** Where to cut, or null to keep everything. `versions` (those the segments reach) and `segments` oldest first. */
export function pruneCut(
  versions: ReadonlyArray<{ seq: number; at: number }>,
  segments: ReadonlyArray<{ seq: number; bytes: number }>,
  limits: PruneLimits,
): PruneCut | null {
  let cut: PruneCut | null = null;
  if (limits.before !== null) {
    const old = versions.filter((version) => version.at < (limits.before as number));
    if (old.length > 0) cut = { cut: (old[old.length - 1] as { seq: number }).seq, reason: PruneReason.Age };
  }
  const total = segments.reduce((sum, segment) => sum + segment.bytes, 0);
  if (limits.maxBytes !== null && total > limits.maxBytes) {
    const allowed = limits.maxBytes * KEPT_SHARE_OF_CAP;
    // The oldest version after which what is left fits; if none, every version goes.
    const fits = versions.find((version) => segments.filter((segment) => segment.seq > version.seq).reduce((sum, s) => sum + s.bytes, 0) <= allowed);
    const bySize = fits ?? versions[versions.length - 1];
    if (bySize && (!cut || bySize.seq > cut.cut)) cut = { cut: bySize.seq, reason: PruneReason.Size };
  }
  return cut;
}
