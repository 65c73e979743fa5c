/** A board as it was: what storage reads for a position (segments, then log entries), applied in order. */
import type { HistoryPart } from '../../protocol/history';
import type { HistoryRead } from './segments';

/** The changes of a history read, oldest first, each with the position it ends at. */
export function historyParts(read: HistoryRead): HistoryPart[] {
  return [...read.segments.map((s) => ({ end: s.seq, update: s.data })), ...read.log.map((e) => ({ end: e.seq, update: e.data }))];
}
