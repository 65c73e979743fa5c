/**
 * Loads rooms on first join and unloads them after their last peer has been gone for a grace
 * period, so memory and timers return to where they were (a large room's worker thread ends).
 * A room is compacted in storage as it unloads, when nobody is editing it.
 */
import type { RoomContext } from './room';
import { RoomHandle, type RoomWorkers } from './room-handle';

/** A join refused because the rooms in memory already use the server's memory budget. */
export class MemoryBudgetFull extends Error {}

interface Entry {
  room: RoomHandle;
  ready: Promise<RoomHandle>;
  holders: number;
  unloadTimer: NodeJS.Timeout | null;
}

export class RoomRegistry {
  private readonly entries = new Map<string, Entry>();
  /** Unloads under way (after their grace timer fired): shutdown waits for them too. */
  private readonly unloading = new Set<Promise<void>>();


  constructor(
    private readonly ctx: RoomContext,
    private readonly unloadGraceMs: number,
    /** Large rooms run in worker threads when given; null keeps every room on this thread. */
    private readonly workers: RoomWorkers | null = null,
    /** Memory the loaded rooms may hold together before no other room is loaded. */
    private readonly maxMemoryBytes = Infinity,
  ) {}

  /** Number of rooms in memory (loaded or loading). */
  get size(): number {
    return this.entries.size;
  }

  /** What the loaded rooms' documents hold in memory, estimated (update-cost.ts). */
  get costBytes(): number {
    let bytes = 0;
    for (const entry of this.entries.values()) bytes += entry.room.costBytes;
    return bytes;
  }

  /** Number of pending unload timers; for leak checks. */
  get pendingUnloads(): number {
    let count = 0;
    for (const entry of this.entries.values()) if (entry.unloadTimer) count++;
    return count;
  }

  /**
   * Takes a hold on the room, loading it if needed. Pair every call with `release`, unless it
   * rejects: then there is no hold. A room that is not loaded is not loaded while the loaded
   * ones use the memory budget (`MemoryBudgetFull`); the loaded ones go on.
   */
  acquire(id: string): Promise<RoomHandle> {
    let entry = this.entries.get(id);
    if (!entry) {
      const used = this.costBytes;
      if (used >= this.maxMemoryBytes) {
        this.ctx.log.warn({ room: id, usedBytes: used, budgetBytes: this.maxMemoryBytes }, 'refusing to load a room: the memory budget is used up');
        return Promise.reject(new MemoryBudgetFull('the server is at its memory limit; try again later'));
      }
      const room = new RoomHandle(id, this.ctx, this.workers);
      const ready = room.load().then(() => room);
      const created: Entry = { room, ready, holders: 0, unloadTimer: null };
      entry = created;
      this.entries.set(id, created);
      this.ctx.metrics.roomsLoaded.set(this.entries.size);
      ready.catch((error: unknown) => {
        this.ctx.log.error({ err: error, room: id }, 'loading the room failed');
        if (this.entries.get(id) === created) this.entries.delete(id);
        this.ctx.metrics.roomsLoaded.set(this.entries.size);
        void room.destroy();
      });
    }
    entry.holders++;
    if (entry.unloadTimer) {
      clearTimeout(entry.unloadTimer);
      entry.unloadTimer = null;
    }
    return entry.ready;
  }

  release(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.holders--;
    if (entry.holders > 0) return;
    entry.unloadTimer = setTimeout(() => void this.unload(id, entry), this.unloadGraceMs);
  }

  /** Closes the room's connections that were admitted with revoked links. */
  closeRevoked(id: string, generation: number): void {
    void this.entries.get(id)?.ready.then((room) => room.closeRevoked(generation), () => undefined);
  }

  /** Unloads every room now, after storing what they hold, and waits for unloads under way. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.entries].map(([id, entry]) => this.unload(id, entry)));
    await Promise.all(this.unloading);
  }

  private unload(id: string, entry: Entry): Promise<void> {
    const done = this.unloadNow(id, entry).finally(() => this.unloading.delete(done));
    this.unloading.add(done);
    return done;
  }

  private async unloadNow(id: string, entry: Entry): Promise<void> {
    if (this.entries.get(id) !== entry) return;
    if (entry.unloadTimer) clearTimeout(entry.unloadTimer);
    entry.unloadTimer = null;
    this.entries.delete(id);
    this.ctx.metrics.roomsLoaded.set(this.entries.size);
    let room: RoomHandle;
    try {
      room = await entry.ready;
    } catch {
      return;
    }
    await room.flush();
    // From the document while it is still here; otherwise from the log, below.
    const compacted = room.compactInPlace();
    await room.destroy();
    if (compacted) return;
    try {
      await this.ctx.metrics.timeStorage('compact', () => this.ctx.storage.compactRoom(id));
    } catch (error) {
      this.ctx.log.error({ err: error, room: id }, 'compacting the room failed; its log is kept');
    }
  }
}
