import { describe, expect, it } from 'vitest';
import { DARK_PALETTE, darkColor } from './palette';

const lightness = (color: string): number => {
  const v = parseInt(color.slice(1), 16);
  const [r, g, b] = [(v >> 16) & 255, (v >> 8) & 255, v & 255];
  return (Math.max(r, g, b) + Math.min(r, g, b)) / 2 / 255;
};
const hue = (color: string): number => {
  const v = parseInt(color.slice(1), 16);
  const [r, g, b] = [(v >> 16) & 255, (v >> 8) & 255, v & 255];
  return Math.atan2(Math.sqrt(3) * (g - b), 2 * r - g - b);
};

describe('dark mode colours', () => {
  it('turns dark ink light and light fills dark', () => {
    expect(lightness(darkColor('#1f2328'))).toBeGreaterThan(0.8);
    expect(lightness(darkColor('#ffffff'))).toBeLessThan(0.12);
    expect(lightness(darkColor('#ffec99'))).toBeLessThan(0.3);
  });

  it('keeps hues: red stays red, blue stays blue', () => {
    for (const color of ['#e03131', '#1971c2', '#2f9e44', '#a5d8ff']) {
      expect(Math.abs(hue(darkColor(color)) - hue(color))).toBeLessThan(0.05);
    }
  });

  it('leaves what is not a colour alone, and answers the same each time', () => {
    expect(darkColor('transparent')).toBe('transparent');
    expect(DARK_PALETTE('#e03131')).toBe(DARK_PALETTE('#e03131'));
  });
});
