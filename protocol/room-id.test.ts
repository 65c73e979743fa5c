import { describe, expect, it } from 'vitest';
import { MAX_ROOM_ID_LENGTH } from './limits';
import { isValidRoomId, newRoomId } from './room-id';

describe('room ids', () => {
  it('makes 22-character URL-safe ids that differ every time', () => {
    const ids = new Set(Array.from({ length: 1000 }, newRoomId));
    expect(ids.size).toBe(1000);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(isValidRoomId(id)).toBe(true);
    }
  });

  it('uses every character of the alphabet (no bias towards a few)', () => {
    const seen = new Set(Array.from({ length: 200 }, newRoomId).join(''));
    expect(seen.size).toBe(64);
  });

  it.each(['', 'a/b', '..', 'a b', 'é', 'x'.repeat(MAX_ROOM_ID_LENGTH + 1), 'a%2F'])('refuses %j', (id) => {
    expect(isValidRoomId(id)).toBe(false);
  });

  it('accepts readable names too', () => {
    expect(isValidRoomId('team-retro_2026')).toBe(true);
  });
});
