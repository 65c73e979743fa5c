import { describe, expect, it } from 'vitest';
import { limitsText, prunedText } from './history-texts';

const listing = (over: object = {}) => ({ versions: [], head: 0, pruned: null, limits: { maxBytes: 128 * 1024 * 1024, keepDays: null, usedBytes: 3_500_000 }, ...over });

describe('the History panel\u2019s footer', () => {
  it('says where history is kept, how much of the cap it uses, and the retention', () => {
    expect(limitsText(listing(), 'Kept by the server.')).toBe('Kept by the server. History: 3.3 MB of this board\u2019s 128 MB.');
    expect(limitsText(listing({ limits: { maxBytes: null, keepDays: 30, usedBytes: 10 } }), 'Kept.')).toBe('Kept. Versions are kept 30 days.');
  });

  it('says why older versions are gone, when they are', () => {
    expect(prunedText(listing())).toBeNull();
    expect(prunedText(listing({ pruned: { reason: 'size', at: 1 } }))).toBe('Older versions were forgotten: this board\u2019s history reached its limit of 128 MB.');
    expect(prunedText(listing({ pruned: { reason: 'age', at: 1 }, limits: { maxBytes: null, keepDays: 7, usedBytes: 0 } }))).toBe('Versions older than 7 days are forgotten, as this server is set to.');
  });
});
