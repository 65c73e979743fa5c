import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { MAX_IMAGE_BYTES, assetsMap, checkImageBytes, newAssetFields, readAsset } from './board-assets';

const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const png = (size = 64): Uint8Array => {
  const bytes = new Uint8Array(size);
  bytes.set(PNG_HEAD);
  return bytes;
};

describe('board assets', () => {
  it('stores and reads back an image', () => {
    const doc = new Y.Doc();
    assetsMap(doc).set('a1', newAssetFields({ mime: 'image/png', data: png(), w: 10, h: 20 }));
    expect(readAsset('a1', assetsMap(doc).get('a1'))).toEqual({ ok: true, asset: { id: 'a1', mime: 'image/png', data: png(), w: 10, h: 20 } });
  });

  it.each([
    ['an SVG (it can carry script)', 'image/svg+xml', png(), /unsupported image type/],
    ['bytes that are not what the type says', 'image/jpeg', png(), /does not start like image\/jpeg/],
    ['an image over the size limit', 'image/png', png(MAX_IMAGE_BYTES + 1), /over the/],
    ['no bytes at all', 'image/png', 'AAAA', /image data missing/],
  ])('refuses %s', (_name, mime, data, error) => {
    expect(checkImageBytes(mime, data)).toMatch(error);
  });

  it('skips an asset with an absurd size', () => {
    const doc = new Y.Doc();
    assetsMap(doc).set('a1', newAssetFields({ mime: 'image/png', data: png(), w: 1e9, h: 20 }));
    expect(readAsset('a1', assetsMap(doc).get('a1'))).toMatchObject({ ok: false, error: /invalid size/ });
  });
});
