import { describe, expect, it } from 'vitest';
import { PRESENCE_COLORS, cleanName, initials, inkOn, loadIdentity, randomIdentity, saveIdentity } from './identity';

function memoryStorage() {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) };
}

describe('identity', () => {
  it('is chosen once, then remembered', () => {
    const storage = memoryStorage();
    const first = loadIdentity(storage, () => 0.3);
    expect(PRESENCE_COLORS).toContain(first.color);
    expect(loadIdentity(storage, () => 0.9)).toEqual(first);
    saveIdentity({ name: 'Ada', color: PRESENCE_COLORS[2] }, storage);
    expect(loadIdentity(storage)).toEqual({ name: 'Ada', color: PRESENCE_COLORS[2] });
  });

  it('replaces a stored identity that is broken or not ours', () => {
    const storage = memoryStorage();
    storage.setItem('whiteboard.identity', JSON.stringify({ name: '   ', color: 'javascript:alert(1)' }));
    const identity = loadIdentity(storage, () => 0);
    expect(identity).toEqual(randomIdentity(() => 0));
  });

  it('cleans names and makes initials', () => {
    expect(cleanName('  Ada   Lovelace  ')).toBe('Ada Lovelace');
    expect(cleanName('   ')).toBeNull();
    expect(cleanName('x'.repeat(100))).toHaveLength(40);
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('grace')).toBe('G');
    expect(initials('Swift Quiet Otter')).toBe('SO');
    expect(initials('élodie')).toBe('É');
  });

  it('writes on each presence colour in the ink that reads (WCAG AA, 4.5:1)', () => {
    const luminance = (hex: string): number => {
      const v = parseInt(hex.slice(1), 16);
      const c = (x: number) => (x / 255 <= 0.03928 ? x / 255 / 12.92 : ((x / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * c((v >> 16) & 255) + 0.7152 * c((v >> 8) & 255) + 0.0722 * c(v & 255);
    };
    for (const color of PRESENCE_COLORS) {
      const [a, b] = [luminance(color), luminance(inkOn(color))].sort((x, y) => y - x) as [number, number];
      expect((a + 0.05) / (b + 0.05), color).toBeGreaterThanOrEqual(4.5);
    }
  });
});
