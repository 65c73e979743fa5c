/** Reading what a page shows a person: pixels from real screenshots. */
import type { Page } from '@playwright/test';
import { PNG } from 'pngjs';

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** Takes a screenshot of the page and returns a pixel reader for it (CSS pixel coordinates). */
export async function screenshotPixels(page: Page): Promise<(x: number, y: number) => Rgb> {
  const png = PNG.sync.read(await page.screenshot());
  const scale = png.width / (page.viewportSize()?.width ?? png.width);
  return (x, y) => {
    const px = Math.round(x * scale);
    const py = Math.round(y * scale);
    const offset = (png.width * py + px) << 2;
    return { r: png.data[offset] as number, g: png.data[offset + 1] as number, b: png.data[offset + 2] as number };
  };
}

/** Whether a colour is dark ink rather than the light canvas background. */
export function isInk({ r, g, b }: Rgb): boolean {
  return r + g + b < 3 * 110;
}

/** Whether there is ink within `radius` CSS pixels of (x, y). */
export function inkNear(pixel: (x: number, y: number) => Rgb, x: number, y: number, radius = 3): boolean {
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) if (isInk(pixel(x + dx, y + dy))) return true;
  }
  return false;
}

/** The midpoints of a polyline's segments: on the stroke even after corners are smoothed. */
export function segmentMidpoints(points: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const mids: Array<[number, number]> = [];
  for (let i = 1; i < points.length; i++) {
    const [ax, ay] = points[i - 1] as readonly [number, number];
    const [bx, by] = points[i] as readonly [number, number];
    mids.push([(ax + bx) / 2, (ay + by) / 2]);
  }
  return mids;
}
