import { pino, type Logger, type LevelWithSilent } from 'pino';

/**
 * JSON logs on stdout, every line carrying the node id. Tokens are never passed to it.
 * Writes are synchronous: a line is out before the next statement (spawners wait for
 * "listening"), nothing is lost on exit, and a closed stdout (EPIPE, the reader died) turns
 * logging off instead of spinning in pino's exit-time flush.
 */
export function createLogger(level: LevelWithSilent, nodeId: string): Logger {
  return pino(
    {
      level,
      base: { node: nodeId, pid: process.pid },
      // Belt and braces: a handshake object logged by mistake never shows its token.
      redact: ['token', '*.token', 'auth.token', 'handshake.auth.token'],
    },
    pino.destination({ dest: 1, sync: true }),
  );
}

export type { Logger };
