/**
 * Whether a service the cluster depends on (Redis, PostgreSQL) answers, as last seen: by a probe every second and by
 * every command's outcome. A change is logged once and told to the listener (PostgreSQL's refuses writes while it is
 * away, data-limit.ts); /healthz and /metrics report it.
 */
import type { Logger } from 'pino';

/** How often each service is asked if it is there. */
export const PROBE_INTERVAL_MS = 1_000;

export class Reachability {
  private upValue = true;
  private sinceMs = Date.now();
  private lastError: string | null = null;
  private readonly listeners: Array<(up: boolean) => void> = [];

  constructor(readonly service: string, private readonly log: Logger) {}

  get up(): boolean { return this.upValue; }

  onChange(listener: (up: boolean) => void): void { this.listeners.push(listener); }

  set(up: boolean, error?: unknown): void {
    if (!up) this.lastError = error instanceof Error ? error.message : String(error);
    if (up === this.upValue) return;
    this.upValue = up;
    this.sinceMs = Date.now();
    if (up) this.log.info({ service: this.service }, `${this.service} is reachable again`);
    else this.log.error({ service: this.service, err: this.lastError }, `${this.service} is unreachable`);
    for (const listener of this.listeners) listener(up);
  }

  report(): { ok: boolean; since: string; error?: string } {
    const since = new Date(this.sinceMs).toISOString();
    return this.upValue ? { ok: true, since } : { ok: false, since, error: this.lastError ?? 'unknown' };
  }
}
