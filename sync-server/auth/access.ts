/**
 * Who may do what. Rooms are capabilities: a signed invite token names the room and the role. Everything here runs
 * before a WebSocket exists (at the HTTP upgrade) or on the room API, so a refused request never loads a room.
 */
import type { Role } from '../../protocol/role';
import type { Storage } from '../storage/storage';
import { checkToken, sameSecret, signToken, type TokenCheck } from './tokens';

export interface AccessConfig {
  secret: Buffer;
  /** Browser origins allowed to open WebSockets; null: any. Requests without an Origin (native clients) pass. */
  allowedOrigins: readonly string[] | null;
  /** Bearer key required to create rooms; null lets anyone who can reach the server create them. */
  createKey: string | null;
}

/** Link generations cached per room; bounded so a scan of random room ids cannot grow it. */
const MAX_CACHED_GENERATIONS = 10_000;

export class RoomAccess {
  private readonly generations = new Map<string, number>();

  constructor(private readonly config: AccessConfig, private readonly storage: Storage) {}

  originAllowed(origin: string | undefined): boolean {
    return origin === undefined || (this.config.allowedOrigins?.includes(origin) ?? true);
  }

  /** Whether an Authorization header carries the creation key (always true without one). */
  mayCreateRooms(authorization: string | undefined): boolean {
    const given = bearer(authorization);
    return this.config.createKey === null || (given !== null && sameSecret(given, this.config.createKey));
  }

  async admit(room: string, token: string | null): Promise<TokenCheck> {
    return checkToken(this.config.secret, token, { room, generation: await this.generation(room), nowSeconds: Math.floor(Date.now() / 1000) });
  }

  async roleOf(room: string, authorization: string | undefined): Promise<TokenCheck> {
    return this.admit(room, bearer(authorization));
  }

  async issue(room: string, role: Role, expiresAt: number | null = null): Promise<string> {
    return signToken(this.config.secret, { room, role, generation: await this.generation(room), expiresAt });
  }

  /** Revokes every link of the room; tokens issued afterwards work. Resolves to the new generation. */
  async revoke(room: string): Promise<number> { return this.remember(room, await this.storage.revokeLinks(room)); }

  /** Forgets the room's cached generation (every room's, without one): it was revoked elsewhere (cluster/). */
  forget(room?: string): void { if (room === undefined) this.generations.clear(); else this.generations.delete(room); }

  private async generation(room: string): Promise<number> {
    return this.generations.get(room) ?? this.remember(room, await this.storage.linkGeneration(room));
  }

  private remember(room: string, generation: number): number {
    if (this.generations.size >= MAX_CACHED_GENERATIONS) this.generations.clear();
    this.generations.set(room, generation);
    return generation;
  }
}

function bearer(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match ? (match[1] as string) : null;
}
