/**
 * Decoded images for the board's assets: one <img> per asset, made from its bytes in the
 * document (a blob: URL, allowed by the page's CSP), shared by every shape that shows it.
 */
import type { Board } from '../board/board';

export class ImageCache {
  private readonly images = new Map<string, HTMLImageElement>();
  private readonly urls = new Map<string, string>();

  constructor(
    private readonly board: Board,
    /** Called when an image has decoded, so shapes showing it can be redrawn. */
    private readonly onLoad: (assetId: string) => void,
  ) {}

  /** The decoded image, or null while it loads (or when the asset is missing or invalid). */
  get(assetId: string): HTMLImageElement | null {
    const existing = this.images.get(assetId);
    if (existing) return existing.complete && existing.naturalWidth > 0 ? existing : null;
    const asset = this.board.getAsset(assetId);
    if (!asset) return null;
    const url = URL.createObjectURL(new Blob([asset.data as Uint8Array<ArrayBuffer>], { type: asset.mime }));
    const image = new Image();
    image.addEventListener('load', () => this.onLoad(assetId));
    image.src = url;
    this.images.set(assetId, image);
    this.urls.set(assetId, url);
    return null;
  }

  /** The decoded image, waiting for it to load (export needs images that are not on screen). */
  async load(assetId: string): Promise<HTMLImageElement | null> {
    this.get(assetId);
    const image = this.images.get(assetId);
    if (!image) return null;
    try {
      await image.decode();
      return image;
    } catch {
      return null;
    }
  }

  /** Forgets an asset that was removed (or not there yet when first asked for). */
  forget(assetId: string): void {
    const url = this.urls.get(assetId);
    if (url) URL.revokeObjectURL(url);
    this.urls.delete(assetId);
    this.images.delete(assetId);
  }

  destroy(): void {
    for (const url of this.urls.values()) URL.revokeObjectURL(url);
    this.urls.clear();
    this.images.clear();
  }
}
