import { describe, expect, it } from 'vitest';
import { ClientIds } from './client-ids';

describe('ClientIds', () => {
  it('behaves as a set of numbers, from none through one to many, and cleared', () => {
    const ids = new ClientIds();
    expect(ids.size).toBe(0);
    expect([...ids]).toEqual([]);
    ids.add(7);
    ids.add(7);
    expect(ids.size).toBe(1);
    expect([...ids]).toEqual([7]);
    ids.add(9);
    ids.add(0);
    expect(ids.size).toBe(3);
    expect([...ids].sort()).toEqual([0, 7, 9]);
    ids.clear();
    expect(ids.size).toBe(0);
    ids.add(0);
    expect([...ids]).toEqual([0]);
    ids.clear();
    expect([...ids]).toEqual([]);
  });
});
