/**
 * The timeline's thumbnails: each version drawn small (scene-stage.ts) when its item scrolls into view, one per
 * animation frame and oldest first, so the versions' documents are built going forward (version-docs.ts) however the
 * list is scrolled. Each is kept as a PNG in an image, not as a canvas: a thousand versions' canvases would hold
 * ~100 MB of pixels, their PNGs a few MB.
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
  private readonly waiting = new Map<number, HTMLImageElement>();
  private readonly images = new Map<number, HTMLImageElement>();
  private readonly scratch = document.createElement('canvas');
  private frame: number | null = null;
  private readonly observer: IntersectionObserver;

  /** `shapesAt` gives the shapes of the version at a position; `theme`, how the board is shown now. */
  constructor(private readonly shapesAt: (id: number) => readonly Shape[] | null, private readonly theme: () => Theme) {
    this.stage = new SceneStage(document.createElement('div'), THUMBNAIL_WIDTH * RATIO, THUMBNAIL_HEIGHT * RATIO, Theme.Light);
    this.scratch.width = THUMBNAIL_WIDTH * RATIO;
    this.scratch.height = THUMBNAIL_HEIGHT * RATIO;
    this.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const image = entry.target as HTMLImageElement;
        if (!entry.isIntersecting) continue;
        this.observer.unobserve(image);
        this.waiting.set(Number(image.dataset.version), image);
      }
      this.schedule();
    });
  }

  /** An image that shows version `id` once it is on screen (the same one each time it is asked for). */
  imageFor(id: number): HTMLImageElement {
    const known = this.images.get(id);
    if (known) return known;
    const image = document.createElement('img');
    this.images.set(id, image);
    image.className = 'history-thumb';
    image.alt = '';
    image.width = THUMBNAIL_WIDTH;
    image.height = THUMBNAIL_HEIGHT;
    image.dataset.version = String(id);
    this.observer.observe(image);
    return image;
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
      const image = this.waiting.get(id) as HTMLImageElement;
      const shapes = this.shapesAt(id);
      if (!shapes) return; // the history is not here yet: `retry` goes on
      this.waiting.delete(id);
      if (image.isConnected) {
        this.stage.setTheme(this.theme());
        this.stage.show(shapes, () => null);
        this.stage.fit(extentOf(shapes), PADDING_PX, 0.5);
        this.stage.draw();
        const context = this.scratch.getContext('2d');
        context?.clearRect(0, 0, this.scratch.width, this.scratch.height);
        context?.drawImage(this.stage.canvas, 0, 0, this.scratch.width, this.scratch.height);
        image.src = this.scratch.toDataURL('image/png');
        image.dataset.drawn = 'true';
      }
      this.schedule();
    });
  }
}
