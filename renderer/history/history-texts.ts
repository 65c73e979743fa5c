/** What the History panel's footer says: where history is kept, its limits, and what was forgotten. */
import { PruneReason } from '../../protocol/history';
import type { HistoryListing } from './history-source';

const MB = 1024 * 1024;

function size(bytes: number): string {
  return bytes < MB ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;
}

export function limitsText(listing: HistoryListing, where: string): string {
  const { maxBytes, keepDays, usedBytes } = listing.limits;
  const parts = [where];
  if (keepDays !== null) parts.push(`Versions are kept ${keepDays} day${keepDays === 1 ? '' : 's'}.`);
  if (maxBytes !== null) parts.push(`History: ${size(usedBytes)} of this board\u2019s ${size(maxBytes)}.`);
  return parts.join(' ');
}

export function prunedText(listing: HistoryListing): string | null {
  const { pruned, limits } = listing;
  if (!pruned) return null;
  if (pruned.reason === PruneReason.Size) return `Older versions were forgotten: this board\u2019s history reached its limit of ${Math.round((limits.maxBytes ?? 0) / MB)} MB.`;
  return `Versions older than ${limits.keepDays ?? '?'} days are forgotten, as this server is set to.`;
}
