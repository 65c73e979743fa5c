/**
 * The minimap (M, or the board menu): the whole board in the bottom-right corner, each shape a
 * small block in its colour, frames outlined; this user's view as a highlighted box and everyone
 * else's in their colours. Clicking moves the view there; dragging moves it along (grabbing the
 * box where it was pressed); the arrow keys pan when it has focus. Drawn on a small canvas, at
 * most once per animation frame, and not at all while hidden.
 */
import type { Bounds, Point } from '../board/geometry';

export interface MinimapShape {
  bounds: Bounds;
  color: string;
  frame: boolean;
}

export interface PeerView {
  name: string;
  color: string;
  bounds: Bounds;
}

export interface MinimapSource {
  shapes(): Iterable<MinimapShape>;
  /** The board area this user sees. */
  view(): Bounds;
  /** Centres this user's view on a board point. */
  centreOn(point: Point): void;
  /** Pans this user's view by screen pixels (arrow keys). */
  panBy(dx: number, dy: number): void;
}

export interface Minimap {
  readonly element: HTMLElement;
  readonly shown: boolean;
  setShown(shown: boolean): void;
  setPeers(peers: readonly PeerView[]): void;
  /** Something changed: redraw on the next frame. */
  invalidate(): void;
}

const WIDTH_PX = 224;
const HEIGHT_PX = 148;
/** Room around the drawing, as a share of its size. */
const MARGIN_SHARE = 0.08;
/** Arrow keys pan the view this far, screen pixels. */
const KEY_PAN_PX = 80;

function union(a: Bounds, b: Bounds): Bounds {
  return { minX: Math.min(a.minX, b.minX), minY: Math.min(a.minY, b.minY), maxX: Math.max(a.maxX, b.maxX), maxY: Math.max(a.maxY, b.maxY) };
}

export function createMinimap(source: MinimapSource): Minimap {
  const element = document.createElement('div');
  element.className = 'minimap';
  element.hidden = true;
  const canvas = document.createElement('canvas');
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'slider');
  canvas.setAttribute('aria-label', 'Minimap: click or drag to move around the board; arrow keys pan');
  canvas.setAttribute('aria-valuetext', 'Your view of the board');
  const ratio = window.devicePixelRatio || 1;
  canvas.width = WIDTH_PX * ratio;
  canvas.height = HEIGHT_PX * ratio;
  canvas.style.width = `${WIDTH_PX}px`;
  canvas.style.height = `${HEIGHT_PX}px`;
  element.append(canvas);
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  let peers: readonly PeerView[] = [];
  let frame: number | null = null;
  /** Board → minimap: the last drawing's mapping, for pointer input. */
  let mapping = { scale: 1, x: 0, y: 0 };

  const colours = (): { ink: string; accent: string; panel: string } => {
    const style = getComputedStyle(element);
    return { ink: style.getPropertyValue('--muted').trim() || '#6b7280', accent: style.getPropertyValue('--accent').trim() || '#4f46e5', panel: style.getPropertyValue('--panel').trim() || '#fff' };
  };

  const draw = (): void => {
    frame = null;
    const view = source.view();
    const shapes = [...source.shapes()];
    let world = view;
    for (const shape of shapes) world = union(world, shape.bounds);
    for (const peer of peers) world = union(world, peer.bounds);
    const w = world.maxX - world.minX;
    const h = world.maxY - world.minY;
    world = { minX: world.minX - w * MARGIN_SHARE, minY: world.minY - h * MARGIN_SHARE, maxX: world.maxX + w * MARGIN_SHARE, maxY: world.maxY + h * MARGIN_SHARE };
    const scale = Math.min(WIDTH_PX / (world.maxX - world.minX), HEIGHT_PX / (world.maxY - world.minY));
    mapping = {
      scale,
      x: (WIDTH_PX - (world.maxX - world.minX) * scale) / 2 - world.minX * scale,
      y: (HEIGHT_PX - (world.maxY - world.minY) * scale) / 2 - world.minY * scale,
    };
    const rect = (b: Bounds): [number, number, number, number] => [b.minX * scale + mapping.x, b.minY * scale + mapping.y, Math.max(1, (b.maxX - b.minX) * scale), Math.max(1, (b.maxY - b.minY) * scale)];
    const { accent, panel } = colours();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, WIDTH_PX, HEIGHT_PX);
    for (const shape of shapes) {
      const [x, y, bw, bh] = rect(shape.bounds);
      if (shape.frame) {
        ctx.strokeStyle = shape.color;
        ctx.lineWidth = 1;
        ctx.strokeRect(x + 0.5, y + 0.5, bw, bh);
      } else {
        ctx.globalAlpha = 0.75;
        ctx.fillStyle = shape.color;
        ctx.fillRect(x, y, bw, bh);
        ctx.globalAlpha = 1;
      }
    }
    for (const peer of peers) {
      const [x, y, bw, bh] = rect(peer.bounds);
      ctx.strokeStyle = peer.color;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(x, y, bw, bh);
    }
    const [x, y, bw, bh] = rect(view);
    ctx.fillStyle = accent;
    ctx.globalAlpha = 0.12;
    ctx.fillRect(x, y, bw, bh);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = accent;
    ctx.lineWidth = 2;
    ctx.strokeRect(x, y, bw, bh);
    element.style.setProperty('--minimap-panel', panel);
    element.dataset.peers = String(peers.length);
  };

  const invalidate = (): void => {
    if (!element.hidden) frame ??= requestAnimationFrame(draw);
  };

  const boardPoint = (event: PointerEvent): Point => {
    const box = canvas.getBoundingClientRect();
    return { x: (event.clientX - box.left - mapping.x) / mapping.scale, y: (event.clientY - box.top - mapping.y) / mapping.scale };
  };
  /** Where in the view box the pointer grabbed it, so dragging does not jump. */
  let grab: Point | null = null;
  canvas.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    const at = boardPoint(event);
    const view = source.view();
    const inside = at.x >= view.minX && at.x <= view.maxX && at.y >= view.minY && at.y <= view.maxY;
    const centre = { x: (view.minX + view.maxX) / 2, y: (view.minY + view.maxY) / 2 };
    grab = inside ? { x: at.x - centre.x, y: at.y - centre.y } : { x: 0, y: 0 };
    if (!inside) source.centreOn(at);
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!grab) return;
    const at = boardPoint(event);
    source.centreOn({ x: at.x - grab.x, y: at.y - grab.y });
  });
  const release = (): void => {
    grab = null;
  };
  canvas.addEventListener('pointerup', release);
  canvas.addEventListener('pointercancel', release);
  canvas.addEventListener('keydown', (event) => {
    const pans: Record<string, [number, number]> = { ArrowLeft: [KEY_PAN_PX, 0], ArrowRight: [-KEY_PAN_PX, 0], ArrowUp: [0, KEY_PAN_PX], ArrowDown: [0, -KEY_PAN_PX] };
    const pan = pans[event.key];
    if (!pan) return;
    event.preventDefault();
    event.stopPropagation();
    source.panBy(pan[0], pan[1]);
  });

  return {
    element,
    get shown() {
      return !element.hidden;
    },
    setShown(shown) {
      element.hidden = !shown;
      invalidate();
    },
    setPeers(next) {
      peers = next;
      invalidate();
    },
    invalidate,
  };
}
