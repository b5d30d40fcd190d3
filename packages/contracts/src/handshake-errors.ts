/**
 * engine.io's handshake error codes and messages (`io.engine.on('connection_error')`).
 * `Session ID unknown` through a balancer means it is not sticky.
 */
export const HANDSHAKE_ERRORS = {
  0: 'Transport unknown',
  1: 'Session ID unknown',
  2: 'Bad handshake method',
  3: 'Bad request',
  4: 'Forbidden',
  5: 'Unsupported protocol version',
} as const;

export type HandshakeErrorCode = keyof typeof HANDSHAKE_ERRORS;

export const SESSION_ID_UNKNOWN_CODE = 1 satisfies HandshakeErrorCode;
