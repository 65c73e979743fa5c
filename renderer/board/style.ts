/**
 * The style new shapes are drawn with, and how a style change applies to existing shapes.
 * Pure data: the style panel shows it, tools read it, and it is remembered between sessions.
 */
import { ArrowHead, ConnectorRoute, ShapeType, TRANSPARENT, type Shape } from '../../protocol/board-schema';
import type { ShapePatch } from './board';

export interface ShapeStyle {
  /** Outline, line, ink and text colour (#rrggbb). */
  color: string;
  /** Fill of rectangles and ellipses (#rrggbb or 'transparent'). */
  fill: string;
  /** Line width, board units. */
  width: number;
  /** 0.1–1. */
  opacity: number;
  /** How new arrows and lines run between their ends. */
  route: ConnectorRoute;
  /** Heads of new arrows (lines have none). */
  startHead: ArrowHead;
  endHead: ArrowHead;
}

export const STROKE_COLORS = ['#1f2328', '#e03131', '#2f9e44', '#1971c2', '#f08c00', '#9c36b5'] as const;
export const FILL_COLORS = [TRANSPARENT, '#ffc9c9', '#b2f2bb', '#a5d8ff', '#ffec99', '#eebefa'] as const;
export const STROKE_WIDTHS = [2, 4, 8, 16] as const;
/** A sticky note made while no fill is chosen gets the classic yellow. */
export const DEFAULT_STICKY_FILL = '#ffec99';
/** Text size for new text, in board units; notes use a bit less. */
export const DEFAULT_FONT_SIZE = 24;
export const STICKY_FONT_SIZE = 20;

/**
 * perfect-freehand's size is a stroke's diameter at full pressure, and a mouse stroke tapers
 * below it: pen strokes are drawn this much wider than the chosen width, so they look as heavy
 * as a shape outline of the same width.
 */
export const PEN_SIZE_PER_WIDTH = 1.25;

export const DEFAULT_STYLE: ShapeStyle = {
  color: STROKE_COLORS[0],
  fill: TRANSPARENT,
  width: 4,
  opacity: 1,
  route: ConnectorRoute.Straight,
  startHead: ArrowHead.None,
  endHead: ArrowHead.Arrow,
};

/** The fields a style change writes to a shape (only those the shape has). */
export function stylePatch(shape: Shape, change: Partial<ShapeStyle>): ShapePatch {
  const patch: ShapePatch = {};
  if (change.opacity !== undefined) patch.opacity = change.opacity;
  if (change.color !== undefined && 'color' in shape) patch.color = change.color;
  if (change.width !== undefined && (shape.type === ShapeType.Stroke || shape.type === ShapeType.Arrow || shape.type === ShapeType.Rect || shape.type === ShapeType.Ellipse)) {
    patch.width = shape.type === ShapeType.Stroke ? change.width * PEN_SIZE_PER_WIDTH : change.width;
  }
  if (change.fill !== undefined && (shape.type === ShapeType.Rect || shape.type === ShapeType.Ellipse)) patch.fill = change.fill;
  if (change.fill !== undefined && shape.type === ShapeType.Sticky) patch.fill = change.fill === TRANSPARENT ? DEFAULT_STICKY_FILL : change.fill;
  if (shape.type === ShapeType.Arrow) {
    if (change.route !== undefined) patch.route = change.route === ConnectorRoute.Straight ? undefined : change.route;
    if (change.startHead !== undefined) patch.startHead = change.startHead;
    if (change.endHead !== undefined) patch.endHead = change.endHead;
  }
  return patch;
}

/** The style a shape shows, for the panel to reflect a selection. */
export function styleOf(shape: Shape, fallback: ShapeStyle): ShapeStyle {
  return {
    color: 'color' in shape ? shape.color : fallback.color,
    fill: 'fill' in shape ? shape.fill : fallback.fill,
    width: shape.type === ShapeType.Stroke ? shape.width / PEN_SIZE_PER_WIDTH : 'width' in shape ? shape.width : fallback.width,
    opacity: shape.opacity,
    route: shape.type === ShapeType.Arrow ? (shape.route ?? ConnectorRoute.Straight) : fallback.route,
    startHead: shape.type === ShapeType.Arrow ? shape.startHead : fallback.startHead,
    endHead: shape.type === ShapeType.Arrow ? shape.endHead : fallback.endHead,
  };
}
