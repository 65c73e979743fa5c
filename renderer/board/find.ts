/**
 * Finding text on the board: the texts, notes, labels of boxes and names of frames that contain
 * what was typed, ignoring case and accents ("resume" finds "Résumé"), in reading order (top to
 * bottom, then left to right), so stepping through them walks the board as a person reads it.
 */
import { ShapeType, type Shape } from '../../protocol/board-schema';
import { shapeBounds, type Bounds } from './geometry';

export interface FindHit {
  id: string;
  bounds: Bounds;
}

/** Lower case, without accents or repeated spaces: how both the query and the texts are compared. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase().replace(/\s+/g, ' ');
}

/** The searchable text of a shape, or null for shapes without any. */
export function searchableText(shape: Shape): string | null {
  switch (shape.type) {
    case ShapeType.Text:
    case ShapeType.Sticky:
      return shape.text;
    case ShapeType.Rect:
    case ShapeType.Ellipse:
      return shape.label ?? null;
    case ShapeType.Frame:
      return shape.name;
    default:
      return null;
  }
}

/** Rows closer than this (board units) read as one line. */
const SAME_ROW = 24;

export function findText(shapes: Iterable<Shape>, query: string): FindHit[] {
  const wanted = foldText(query).trim();
  if (wanted === '') return [];
  const hits: FindHit[] = [];
  for (const shape of shapes) {
    const text = searchableText(shape);
    if (text && foldText(text).includes(wanted)) hits.push({ id: shape.id, bounds: shapeBounds(shape) });
  }
  return hits.sort((a, b) => (Math.abs(a.bounds.minY - b.bounds.minY) < SAME_ROW ? a.bounds.minX - b.bounds.minX : a.bounds.minY - b.bounds.minY));
}
