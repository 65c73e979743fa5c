import { describe, expect, it } from 'vitest';
import { serverNames } from './servers';

describe('serverNames', () => {
  it('has ours-b, right after ours, only when a second build of ours is asked for', () => {
    expect(serverNames(false)).not.toContain('ours-b');
    expect(serverNames(true).slice(0, 2)).toEqual(['ours', 'ours-b']);
    expect(serverNames(true).filter((name) => name !== 'ours-b')).toEqual(serverNames(false));
  });
});
