import { getStroke } from 'perfect-freehand';
import { describe, expect, it } from 'vitest';
import { OUTLINE_CHUNK_POINTS, chunkOutline, outlineChunkCount, strokeOutlines } from './stroke-outline';

function stroke(count: number, pressure = 0.5): { points: number[]; width: number } {
  const points: number[] = [];
  for (let i = 0; i < count; i++) points.push(i * 2, Math.sin(i / 10) * 20, pressure);
  return { points, width: 6 };
}

describe('stroke outlines', () => {
  it('are one perfect-freehand outline for a stroke up to one run long', () => {
    const s = stroke(OUTLINE_CHUNK_POINTS);
    const input = [];
    for (let i = 0; i < s.points.length; i += 3) input.push([s.points[i], s.points[i + 1], s.points[i + 2]] as number[]);
    const expected = getStroke(input, { size: 6, thinning: 0.3, smoothing: 0.5, streamline: 0.4, simulatePressure: true, last: true });
    expect(strokeOutlines(s)).toEqual([expected]);
  });

  it('are runs that share their joining point, and a run is final once its last point is in', () => {
    const long = stroke(OUTLINE_CHUNK_POINTS * 2 + 50);
    expect(outlineChunkCount(OUTLINE_CHUNK_POINTS * 2 + 50)).toBe(3);
    // The first run of a longer stroke is what it was when the stroke had just reached its end.
    const early = stroke(OUTLINE_CHUNK_POINTS + 1);
    expect(chunkOutline(long, 0, true)).toEqual(chunkOutline(early, 0, true));
    expect(strokeOutlines(long)).toHaveLength(3);
  });
});
