/** Storage in process memory: for tests and for running with persistence explicitly off. */
import * as Y from 'yjs';
import type { Storage } from './storage';

export class MemoryStorage implements Storage {
  private readonly rooms = new Map<string, Uint8Array[]>();
  private readonly generations = new Map<string, number>();

  async loadRoom(room: string): Promise<Uint8Array[]> { return [...(this.rooms.get(room) ?? [])]; }

  async appendUpdate(room: string, update: Uint8Array): Promise<void> {
    const log = this.rooms.get(room) ?? [];
    log.push(update);
    this.rooms.set(room, log);
  }

  async compactRoom(room: string): Promise<void> {
    const log = this.rooms.get(room);
    if (log && log.length > 1) this.rooms.set(room, [Y.mergeUpdates(log)]);
  }

  async linkGeneration(room: string): Promise<number> { return this.generations.get(room) ?? 0; }

  async revokeLinks(room: string): Promise<number> {
    const next = (this.generations.get(room) ?? 0) + 1;
    this.generations.set(room, next);
    return next;
  }

  async dataBytes(): Promise<number> {
    let bytes = 0;
    for (const log of this.rooms.values()) for (const update of log) bytes += update.length;
    return bytes;
  }

  async close(): Promise<void> {}
}
