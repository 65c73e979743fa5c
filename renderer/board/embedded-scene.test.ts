import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { embedInPng, embedInSvg, readFromPng, readFromSvg, readSceneFromFile } from './embedded-scene';

function tinyPng(): Uint8Array {
  const png = new PNG({ width: 2, height: 2 });
  png.data.fill(200);
  return new Uint8Array(PNG.sync.write(png));
}

const scene = JSON.stringify({ type: 'whiteboard/clipboard', version: 3, shapes: [{ type: 'rect', text: 'é ✓ 漢字' }], assets: {} });

describe('scenes inside exported images', () => {
  it('round-trips through a PNG that still decodes as the same picture', async () => {
    const original = tinyPng();
    const carrying = await embedInPng(original, scene);
    expect(carrying.length).toBeGreaterThan(original.length);
    expect(await readFromPng(carrying)).toBe(scene);
    const decoded = PNG.sync.read(Buffer.from(carrying));
    expect([decoded.width, decoded.height]).toEqual([2, 2]);
    expect([...decoded.data]).toEqual([...PNG.sync.read(Buffer.from(original)).data]);
  });

  it('finds nothing in a PNG without a scene, or in what is not a PNG', async () => {
    expect(await readFromPng(tinyPng())).toBeNull();
    expect(await readFromPng(new TextEncoder().encode('GIF89a'))).toBeNull();
    const cut = (await embedInPng(tinyPng(), scene)).subarray(0, 60);
    expect(await readFromPng(cut)).toBeNull();
  });

  it('round-trips through an SVG, and reads files by their type or name', async () => {
    const svg = embedInSvg('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>', scene);
    expect(svg).toMatch(/<svg [^>]*>\n<metadata><whiteboard:scene/);
    expect(readFromSvg(svg)).toBe(scene);
    expect(readFromSvg('<svg/>')).toBeNull();
    expect(await readSceneFromFile(new File([svg], 'board.svg', { type: '' }))).toBe(scene);
    const png = await embedInPng(tinyPng(), scene);
    expect(await readSceneFromFile(new File([png as BlobPart], 'board.png', { type: 'image/png' }))).toBe(scene);
    expect(await readSceneFromFile(new File([png as BlobPart], 'board.jpg', { type: 'image/jpeg' }))).toBeNull();
  });
});
