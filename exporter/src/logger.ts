import { pino, type Logger } from 'pino';

/** Logs to stderr so stdout stays free for the one `listening` line. Tokens are redacted. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      name: 'sockscope-exporter',
      level,
      redact: ['token', 'apiToken', 'password', '*.token', '*.password'],
    },
    pino.destination(2),
  );
}
