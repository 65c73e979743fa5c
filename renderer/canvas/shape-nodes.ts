/**
 * Konva nodes for board shapes. A stroke is drawn as the filled outline perfect-freehand
 * computes from its points, so it tapers with pen pressure; the outline is recomputed only
 * when the stroke's points change.
 */
import Konva from 'konva';
import { getStroke } from 'perfect-freehand';
import { STROKE_POINT_STRIDE, type Shape, type StrokeShape } from '../../protocol/board-schema';

/** Mice report a constant 0.5 while a button is down: such strokes get simulated pressure. */
const MOUSE_PRESSURE = 0.5;

export function strokeOutline(stroke: StrokeShape): number[][] {
  const input: number[][] = [];
  let constantPressure = true;
  for (let i = 0; i < stroke.points.length; i += STROKE_POINT_STRIDE) {
    const pressure = stroke.points[i + 2] as number;
    if (pressure !== MOUSE_PRESSURE) constantPressure = false;
    input.push([stroke.points[i] as number, stroke.points[i + 1] as number, pressure]);
  }
  return getStroke(input, {
    size: stroke.width,
    // Simulated pressure comes from speed alone; thinning hard on it makes fast mouse strokes
    // hairline, so mice get a gentler taper than real pens.
    thinning: constantPressure ? 0.3 : 0.6,
    smoothing: 0.5,
    streamline: 0.4,
    simulatePressure: constantPressure,
    last: true,
  });
}

function drawOutline(context: Konva.Context, node: Konva.Shape): void {
  const outline = node.getAttr('outline') as number[][];
  if (outline.length === 0) return;
  context.beginPath();
  const [first, ...rest] = outline as [number[], ...number[][]];
  context.moveTo(first[0] as number, first[1] as number);
  for (const point of rest) context.lineTo(point[0] as number, point[1] as number);
  context.closePath();
  context.fillShape(node);
}

export function createShapeNode(shape: Shape): Konva.Shape {
  const node = new Konva.Shape({
    id: shape.id,
    sceneFunc: drawOutline,
    perfectDrawEnabled: false,
    listening: false,
  });
  updateShapeNode(node, shape);
  return node;
}

export function updateShapeNode(node: Konva.Shape, shape: Shape): void {
  node.setAttrs({ fill: shape.color, outline: strokeOutline(shape), z: shape.z });
}
