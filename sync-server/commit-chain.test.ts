import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { CommitChain } from './commit-chain';
import { Metrics } from './metrics';
import { MemoryStorage } from './storage/memory-storage';

/** Memory storage whose appends can be made to wait (as SQLite's do behind a held lock) or fail. */
class ControlledStorage extends MemoryStorage {
  /** Appends that must wait: each is released by calling the function stored here. */
  readonly waiting: Array<() => void> = [];
  blockNext = 0;
  failNow: Error | null = null;
  failLater: Error | null = null;
  /** First byte of each stored update, in the order stored. */
  readonly log: number[] = [];

  override appendNow(room: string, update: Uint8Array): boolean {
    if (this.failNow) throw this.failNow;
    if (this.blockNext > 0) return false;
    this.log.push(update[0]!);
    return super.appendNow(room, update);
  }

  /** Appends keep their order, as SQLite's write queue keeps it. */
  private order: Promise<void> = Promise.resolve();

  override appendUpdate(room: string, update: Uint8Array): Promise<void> {
    if (this.failLater) return Promise.reject(this.failLater);
    const blocked = this.blockNext > 0;
    if (blocked) this.blockNext--;
    const appended = this.order.then(async () => {
      if (blocked) await new Promise<void>((resolve) => this.waiting.push(resolve));
      this.log.push(update[0]!);
      super.appendNow(room, update);
    });
    this.order = appended;
    return appended;
  }
}

function chainWith(storage: ControlledStorage): { chain: CommitChain; metrics: Metrics } {
  const metrics = new Metrics({ processMetrics: false });
  return { chain: new CommitChain('room', { storage, metrics, log: pino({ level: 'silent' }) }), metrics };
}

const update = (n: number): Uint8Array => new Uint8Array([n]);
const noFailure = (error: unknown): never => {
  throw error;
};

describe('the commit chain', () => {
  it('stores, then delivers, before commit returns when storage can append at once', async () => {
    const storage = new ControlledStorage();
    const { chain, metrics } = chainWith(storage);
    const storedWhenDelivered: number[][] = [];
    chain.commit(update(1), () => storedWhenDelivered.push([...storage.log]), noFailure);
    expect(storedWhenDelivered).toEqual([[1]]);
    const histogram = await metrics.registry.getSingleMetricAsString('whiteboard_storage_seconds');
    expect(histogram).toMatch(/whiteboard_storage_seconds_count\{operation="append"\} 1/);
  });

  it('never lets a later update overtake one still waiting for storage', async () => {
    const storage = new ControlledStorage();
    const { chain } = chainWith(storage);
    const delivered: number[] = [];
    storage.blockNext = 1;
    chain.commit(update(1), () => delivered.push(1), noFailure);
    // The lock is free again for the next one, which could be stored at once; it must wait.
    chain.commit(update(2), () => delivered.push(2), noFailure);
    let acked = false;
    chain.then(() => {
      acked = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(delivered).toEqual([]);
    expect(acked).toBe(false);
    expect(storage.log).toEqual([]);
    storage.waiting.shift()!();
    await chain.settled;
    expect(delivered).toEqual([1, 2]);
    expect(acked).toBe(true);
    expect(storage.log).toEqual([1, 2]);
    // With the queue drained, the next commit takes the immediate path again.
    chain.commit(update(3), () => delivered.push(3), noFailure);
    expect(delivered).toEqual([1, 2, 3]);
  });

  it('runs a step at once when nothing is pending', () => {
    const { chain } = chainWith(new ControlledStorage());
    const ran: string[] = [];
    chain.commit(update(1), () => ran.push('delivered'), noFailure);
    chain.then(() => ran.push('acked'));
    expect(ran).toEqual(['delivered', 'acked']);
  });

  it('does not deliver an update that failed to store, on either path, and goes on with later ones', async () => {
    const storage = new ControlledStorage();
    const { chain } = chainWith(storage);
    const delivered: number[] = [];
    const failures: string[] = [];
    const failed = (error: unknown): void => void failures.push((error as Error).message);

    storage.failNow = new Error('disk full now');
    chain.commit(update(1), () => delivered.push(1), failed);
    storage.failNow = null;
    expect(failures).toEqual(['disk full now']);

    storage.blockNext = 1;
    storage.failLater = new Error('disk full later');
    chain.commit(update(2), () => delivered.push(2), failed);
    storage.failLater = null;
    storage.blockNext = 0;
    await chain.settled;
    expect(failures).toEqual(['disk full now', 'disk full later']);

    chain.commit(update(3), () => delivered.push(3), failed);
    await chain.settled;
    expect(delivered).toEqual([3]);
    expect(storage.log).toEqual([3]);
  });

  it('keeps running queued steps after one throws', async () => {
    const storage = new ControlledStorage();
    const { chain } = chainWith(storage);
    const delivered: number[] = [];
    storage.blockNext = 1;
    chain.commit(update(1), () => {
      throw new Error('a broadcast bug');
    }, noFailure);
    chain.commit(update(2), () => delivered.push(2), noFailure);
    await new Promise((resolve) => setTimeout(resolve, 1));
    storage.waiting.shift()!();
    await chain.settled;
    expect(delivered).toEqual([2]);
  });
});
