/** Structured logs (pino, JSON lines on stdout) so they can be shipped and queried as-is. */
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger { return pino({ level, base: { service: 'whiteboard-sync' } }); }

/** A logger that drops everything: for tests that do not look at logs. */
export function silentLogger(): Logger { return pino({ level: 'silent' }); }
