import { describe, expect, it } from 'vitest';
import { SaveTracker, localSaveStateStore, type SaveState } from './save-tracker';

function memoryStore(initial: SaveState = { changes: 0, confirmed: 0, touched: {} }) {
  let saved = initial;
  return { load: () => saved, save: (state: SaveState) => (saved = state) };
}

describe('SaveTracker', () => {
  it('counts shapes until the write that carried their last change is acknowledged', () => {
    const tracker = new SaveTracker(memoryStore());
    tracker.connectionOpened();
    tracker.writeSent(); // step 2, before any change
    tracker.localChange(['a']);
    tracker.writeSent();
    tracker.localChange(['b']);
    tracker.writeSent();
    expect(tracker.unconfirmed).toBe(2);
    tracker.acknowledged(1);
    expect(tracker.unconfirmed).toBe(2);
    tracker.acknowledged(2);
    expect(tracker.unconfirmed).toBe(1);
    tracker.acknowledged(3);
    expect(tracker.unconfirmed).toBe(0);
  });

  it('counts a stroke drawn in many small changes as one', () => {
    const tracker = new SaveTracker(memoryStore());
    for (let i = 0; i < 40; i++) tracker.localChange(['stroke-1']);
    tracker.localChange(['stroke-2']);
    expect(tracker.unconfirmed).toBe(2);
  });

  it('keeps a shape unsaved while a later change to it is not confirmed', () => {
    const tracker = new SaveTracker(memoryStore());
    tracker.connectionOpened();
    tracker.localChange(['a']);
    tracker.writeSent();
    tracker.localChange(['a']);
    tracker.writeSent();
    tracker.acknowledged(1);
    expect(tracker.unconfirmed).toBe(1);
    tracker.acknowledged(2);
    expect(tracker.unconfirmed).toBe(0);
  });

  it('counts offline changes, and the next connection\u2019s step 2 confirms them all', () => {
    const tracker = new SaveTracker(memoryStore());
    tracker.localChange(['a']);
    tracker.localChange(['b']);
    tracker.localChange(['c']);
    expect(tracker.unconfirmed).toBe(3);
    tracker.connectionOpened();
    tracker.writeSent();
    tracker.acknowledged(1);
    expect(tracker.unconfirmed).toBe(0);
  });

  it('ignores acks beyond what this connection sent, and never goes backwards', () => {
    const tracker = new SaveTracker(memoryStore());
    tracker.connectionOpened();
    tracker.localChange(['a']);
    tracker.writeSent();
    tracker.localChange(['b']);
    tracker.writeSent();
    tracker.acknowledged(2);
    tracker.connectionOpened();
    tracker.localChange(['c']);
    tracker.writeSent();
    tracker.acknowledged(7);
    expect(tracker.unconfirmed).toBe(1);
    tracker.acknowledged(1);
    expect(tracker.unconfirmed).toBe(0);
  });

  it('survives a reload with the unsaved count it had', () => {
    const store = memoryStore();
    const first = new SaveTracker(store);
    first.localChange(['a']);
    first.localChange(['b']);
    expect(new SaveTracker(store).unconfirmed).toBe(2);
  });

  it('notifies on every change of the count', () => {
    const tracker = new SaveTracker(memoryStore());
    const seen: number[] = [];
    tracker.onChange(() => seen.push(tracker.unconfirmed));
    tracker.localChange(['a']);
    tracker.connectionOpened();
    tracker.writeSent();
    tracker.acknowledged(1);
    expect(seen).toEqual([1, 0]);
  });
});

describe('localSaveStateStore', () => {
  const storage = (value: string | null) => {
    let stored = value;
    return { getItem: () => stored, setItem: (_key: string, next: string) => void (stored = next) };
  };

  it('round-trips the state', () => {
    const backing = storage(null);
    localSaveStateStore('k', backing).save({ changes: 5, confirmed: 3, touched: { a: 4, b: 5 } });
    expect(localSaveStateStore('k', backing).load()).toEqual({ changes: 5, confirmed: 3, touched: { a: 4, b: 5 } });
  });

  it.each([
    'not json',
    '{"changes":"x"}',
    '{"changes":1,"confirmed":2,"touched":{}}',
    '{"changes":3,"confirmed":1,"touched":[]}',
    '{"changes":3,"confirmed":1,"touched":{"a":9}}',
    '[]',
  ])('reads %j as nothing pending', (value) => {
    expect(localSaveStateStore('k', storage(value)).load()).toEqual({ changes: 0, confirmed: 0, touched: {} });
  });
});
