/**
 * Revocations across instances. The generation is stored in PostgreSQL by the instance that revokes; then it appends
 * `<room> <generation>` to one stream that every instance reads (stream-reader.ts), and each forgets the room's cached
 * generation (so an old link is refused at its next connection) and closes the connections admitted with an older one.
 * An append that fails is tried again every second. A gap in that stream (a reconnect, a Redis restart) makes an
 * instance forget every cached generation and read afresh those of the rooms it holds.
 */
import type { Logger } from 'pino';
import type { Storage } from '../storage/storage';
import type { RedisLink } from './redis-link';
import type { StreamHandler } from './stream-reader';

export const REVOCATIONS_KEYS: [stream: string, last: string] = ['whiteboard:revocations', 'whiteboard:revocations:last'];
const KIND = 'r';

/** What revocations act on here: the server's access cache and rooms (server.ts). */
export interface RevocationTarget {
  access: { forget(room?: string): void };
  rooms: { closeRevoked(room: string, generation: number): void };
}

export class Revocations implements StreamHandler {
  private target: RevocationTarget | null = null;
  private readonly unsent = new Set<string>();

  constructor(
    private readonly link: RedisLink,
    private readonly instance: string,
    private readonly storage: Pick<Storage, 'linkGeneration'>,
    /** The rooms this instance holds. */
    private readonly roomIds: () => string[],
    private readonly log: Logger,
  ) {}

  attach(target: RevocationTarget): void { this.target = target; }

  /** A revocation made here, stored already: tell the others. */
  revoked(room: string, generation: number): void {
    this.send(`${room} ${generation}`);
  }

  /** Tries again what could not be sent. */
  retry(): void {
    for (const payload of this.unsent) this.send(payload);
  }

  deliver(origin: string, kind: string, payload: Buffer): void {
    if (kind !== KIND || origin === this.instance || !this.target) return;
    const [room = '', generation = ''] = payload.toString().split(' ');
    this.target.access.forget(room);
    this.target.rooms.closeRevoked(room, Number(generation));
  }

  gap(): void {
    const target = this.target;
    if (!target) return;
    target.access.forget();
    for (const room of this.roomIds()) {
      this.storage.linkGeneration(room).then(
        (generation) => target.rooms.closeRevoked(room, generation),
        (error: unknown) => this.log.error({ room, err: error }, 'reading a link generation after a gap failed'),
      );
    }
  }

  private send(payload: string): void {
    this.unsent.add(payload);
    this.link.append(REVOCATIONS_KEYS, payload, this.instance, KIND).then(
      () => this.unsent.delete(payload),
      (error: unknown) => this.log.warn({ err: (error as Error).message }, 'could not tell the other instances of a revocation; trying again'),
    );
  }
}
