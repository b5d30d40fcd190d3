import { pino, type Logger, type LevelWithSilent } from 'pino';

/** JSON logs on stdout, every line carrying the node id. Tokens are never passed to it. */
export function createLogger(level: LevelWithSilent, nodeId: string): Logger {
  return pino({
    level,
    base: { node: nodeId, pid: process.pid },
    // Belt and braces: a handshake object logged by mistake never shows its token.
    redact: ['token', '*.token', 'auth.token', 'handshake.auth.token'],
  });
}

export type { Logger };
