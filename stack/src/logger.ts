import { pino, type Logger } from 'pino';

export type { Logger };

/** The stack's own JSON logs (stdout), marked `service: "stack"`; tokens and secrets are never logged. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'stack' } });
}
