import { describe, expect, it } from 'vitest';
import { PRESENCE_COLORS, cleanName, initials, loadIdentity, randomIdentity, saveIdentity } from './identity';

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
});
