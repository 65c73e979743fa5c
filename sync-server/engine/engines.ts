/**
 * Where a room's document lives: on the serving thread, or, from `roomThreadBytes` of stored size (or a new room's first
 * write) and when there is a pool, in a pool thread (engine-pool.ts). The threshold's reason is in constants.ts.
 */
import type { Logger } from 'pino';
import type { ServerLimits } from '../constants';
import type { DataLimit } from '../data-limit';
import type { EngineFactory } from '../room';
import type { SharedBudget } from '../shared-budget';
import { DocEngine, type EngineLimits, type EngineOutput, type RoomEngine } from './doc-engine';
import type { EnginePool } from './engine-pool';

export class Engines implements EngineFactory {
  constructor(
    private readonly limits: EngineLimits & Pick<ServerLimits, 'roomThreadBytes'>,
    private readonly heldBudget: SharedBudget | null,
    private readonly dataLimit: DataLimit | null,
    private readonly pool: EnginePool | null,
  ) {}

  open(room: string, stored: Uint8Array[], sizeBytes: number, out: EngineOutput, log: Logger): RoomEngine {
    const { maxRoomBytes, maxHeldBytes, maxHeldMs, roomThreadBytes } = this.limits;
    const limits: EngineLimits = { maxRoomBytes, maxHeldBytes, maxHeldMs }; // these alone cross to a pool thread
    if (this.pool && sizeBytes >= roomThreadBytes) {
      log.info({ bytes: sizeBytes }, 'a large room: its document lives in a pool thread');
      return this.pool.open(room, stored, limits, out);
    }
    return new DocEngine({ limits, heldBudget: this.heldBudget, storageFull: () => this.dataLimit?.full() ?? null, log }, out, stored);
  }

  async close(): Promise<void> { await this.pool?.close(); }
}
