import { pino, type Logger } from 'pino';

/** The dashboard's logger (JSON on stdout; level from `LOG_LEVEL`, default `info`). */
export function createLogger(name = 'dashboard'): Logger {
  return pino({ name, level: process.env.LOG_LEVEL ?? 'info' });
}
