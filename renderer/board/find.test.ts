import { describe, expect, it } from 'vitest';
import type { Shape } from '../../protocol/board-schema';
import { findText, foldText } from './find';

const base = { z: 'a0', rotation: 0, opacity: 1 };
const shapes = [
  { ...base, id: 'note', type: 'sticky', x: 300, y: 0, w: 100, h: 100, text: 'Ship the Résumé', fontSize: 20, color: '#000', fill: '#ff0' },
  { ...base, id: 'box', type: 'rect', x: 0, y: 10, w: 100, h: 50, color: '#000', fill: 'transparent', width: 2, label: 'resume draft' },
  { ...base, id: 'plain', type: 'rect', x: 0, y: 500, w: 100, h: 50, color: '#000', fill: 'transparent', width: 2 },
  { ...base, id: 'frame', type: 'frame', x: 0, y: 400, w: 500, h: 300, name: 'RESUMES' },
  { ...base, id: 'text', type: 'text', x: 0, y: 900, w: 100, h: 30, text: 'nothing here', fontSize: 20, color: '#000' },
] as unknown as Shape[];

describe('find', () => {
  it('finds texts, notes, labels and frame names, ignoring case and accents, in reading order', () => {
    expect(findText(shapes, 'résume').map((h) => h.id)).toEqual(['box', 'note', 'frame']);
    expect(findText(shapes, '  NOTHING ').map((h) => h.id)).toEqual(['text']);
    expect(findText(shapes, '')).toEqual([]);
    expect(findText(shapes, 'absent')).toEqual([]);
  });

  it('folds text the same way on both sides', () => {
    expect(foldText('Crème  Brûlée')).toBe('creme brulee');
  });
});
