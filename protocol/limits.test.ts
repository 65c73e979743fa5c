import { describe, expect, it } from 'vitest';
import { PRESENCE_MAX_ENTRY_BYTES as SERVER_LIMIT } from '../sync-server/constants';
import { PRESENCE_MAX_ENTRY_BYTES } from './limits';

describe('limits', () => {
  it('gives clients the presence size the server enforces', () => {
    expect(PRESENCE_MAX_ENTRY_BYTES).toBe(SERVER_LIMIT);
  });
});
