/**
 * The timeline's thumbnails: each version drawn small (scene-stage.ts) on a canvas of its own, when its item scrolls
 * into view, one per animation frame and oldest first, so the versions' documents are built going forward
 * (version-docs.ts) however the list is scrolled.
 */
import type { Shape } from '../../protocol/board-schema';
import { Theme } from '../canvas/palette';
import { SceneStage, extentOf } from './scene-stage';

/** Thumbnail size in CSS pixels, drawn at twice that for sharp screens. */
export const THUMBNAIL_WIDTH = 96;
export const THUMBNAIL_HEIGHT = 64;
const RATIO = 2;
const PADDING_PX = 8;

export class Thumbnails {
  private readonly stage: SceneStage;
  private readonly waiting = new Map<number, HTMLCanvasElement>();
  private readonly canvases = new Map<number, HTMLCanvasElement>();
  private frame: number | null = null;
  private readonly observer: IntersectionObserver;

  /** `shapesAt` gives the shapes of the version at a position; `theme`, how the board is shown now. */
  constructor(private readonly shapesAt: (id: number) => readonly Shape[] | null, private readonly theme: () => Theme) {
    this.stage = new SceneStage(document.createElement('div'), THUMBNAIL_WIDTH * RATIO, THUMBNAIL_HEIGHT * RATIO, Theme.Light);
    this.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const canvas = entry.target as HTMLCanvasElement;
        if (!entry.isIntersecting) continue;
        this.observer.unobserve(canvas);
        this.waiting.set(Number(canvas.dataset.version), canvas);
      }
      this.schedule();
    });
  }

  /** A canvas that shows version `id` once it is on screen (the same one each time it is asked for). */
  canvasFor(id: number): HTMLCanvasElement {
    const known = this.canvases.get(id);
    if (known) return known;
    const canvas = document.createElement('canvas');
    this.canvases.set(id, canvas);
    canvas.className = 'history-thumb';
    canvas.width = THUMBNAIL_WIDTH * RATIO;
    canvas.height = THUMBNAIL_HEIGHT * RATIO;
    canvas.dataset.version = String(id);
    this.observer.observe(canvas);
    return canvas;
  }

  /** The history arrived: draw the thumbnails waiting for it. */
  retry(): void { this.schedule(); }

  destroy(): void {
    this.observer.disconnect();
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.stage.destroy();
  }

  private schedule(): void {
    if (this.frame !== null || this.waiting.size === 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      const id = Math.min(...this.waiting.keys());
      const canvas = this.waiting.get(id) as HTMLCanvasElement;
      const shapes = this.shapesAt(id);
      if (!shapes) return; // the history is not here yet: `retry` goes on
      this.waiting.delete(id);
      if (canvas.isConnected) {
        this.stage.setTheme(this.theme());
        this.stage.show(shapes, () => null);
        this.stage.fit(extentOf(shapes), PADDING_PX, 0.5);
        this.stage.draw();
        canvas.getContext('2d')?.drawImage(this.stage.canvas, 0, 0, canvas.width, canvas.height);
        canvas.dataset.drawn = 'true';
      }
      this.schedule();
    });
  }
}
