/**
 * Loads rooms on first join and unloads them once their last peer has been gone for a grace period, so memory and
 * timers return to where they were (a large room's document leaves its pool thread). A room is compacted in storage as
 * it unloads, when nobody is editing it. No room is loaded while the loaded ones use the server's memory budget.
 */
import { Room, type RoomContext } from './room';

/** A join refused because the rooms in memory already use the server's memory budget. */
export class MemoryBudgetFull extends Error {}

/** A connection's hold on its room: release it exactly once, when the connection goes. */
export interface RoomHold {
  readonly room: Room;
  release(): void;
}

interface Entry { room: Room; holders: number; unloadTimer?: NodeJS.Timeout; unloaded: Promise<void> | null }

export class RoomRegistry {
  private readonly entries = new Map<string, Entry>();
  /** Unloads under way: shutdown waits for them too. */
  private readonly unloading = new Set<Promise<void>>();

  constructor(private readonly ctx: RoomContext, private readonly unloadGraceMs: number, private readonly maxMemoryBytes = Infinity) {}

  get size(): number { return this.entries.size; }

  /** What the loaded rooms' documents hold in memory, estimated (update-cost.ts). */
  get costBytes(): number { return [...this.entries.values()].reduce((bytes, entry) => bytes + entry.room.costBytes, 0); }

  /** The room, if it is loaded; for tests and tools. */
  loaded(id: string): Room | undefined { return this.entries.get(id)?.room; }

  /** Takes a hold on the room, loading it if needed; throws `MemoryBudgetFull`, holding nothing, if that is used up. */
  acquire(id: string): RoomHold {
    const found = this.entries.get(id);
    // A room that failed has closed its connections: whoever comes now gets a fresh one.
    const held = found && !found.room.broken ? found : this.load(id);
    held.holders++;
    clearTimeout(held.unloadTimer);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      if (--held.holders > 0) return;
      held.unloadTimer = setTimeout(() => void this.unload(held), this.entries.get(id) === held ? this.unloadGraceMs : 0);
    };
    return { room: held.room, release };
  }

  closeRevoked(id: string, generation: number): void { this.entries.get(id)?.room.closeRevoked(generation); }

  /** Unloads every room now, after storing what they hold, and waits for unloads under way. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.values()].map((entry) => this.unload(entry)));
    await Promise.all(this.unloading);
  }

  private load(id: string): Entry {
    this.entries.delete(id); // a broken one, if any: it does not count against the budget
    const used = this.costBytes;
    if (used >= this.maxMemoryBytes) {
      this.ctx.log.warn({ room: id, usedBytes: used, budgetBytes: this.maxMemoryBytes }, 'refusing to load a room: the memory budget is used up');
      throw new MemoryBudgetFull('the server is at its memory limit; try again later');
    }
    const room = new Room(id, this.ctx);
    // A room that cannot be loaded closes its connections and is broken: the next join loads it again.
    void room.load();
    const entry: Entry = { room, holders: 0, unloaded: null };
    this.entries.set(id, entry);
    return entry;
  }

  private unload(entry: Entry): Promise<void> {
    if (!entry.unloaded) {
      const done = this.unloadNow(entry).finally(() => this.unloading.delete(done));
      this.unloading.add((entry.unloaded = done));
    }
    return entry.unloaded;
  }

  private async unloadNow(entry: Entry): Promise<void> {
    clearTimeout(entry.unloadTimer);
    const { room } = entry;
    if (this.entries.get(room.id) === entry) this.entries.delete(room.id);
    await room.flush();
    await room.destroy();
    if (!room.broken) await room.compact();
  }
}
