import type { IncomingMessage } from 'node:http';

export interface RequestGateOptions {
  /** Browser origins allowed; a request without an Origin header is a non-browser client. */
  allowedOrigins: readonly string[];
  /** True once the node drains: every new handshake is refused. */
  isDraining: () => boolean;
}

/** Refusal messages of the engine.io handshake (HTTP 403). */
export const GATE_ERRORS = {
  originNotAllowed: 'origin not allowed',
  draining: 'server draining',
} as const;

/**
 * engine.io `allowRequest`: runs before a session exists, so a refused request creates no
 * socket. CORS headers alone do not stop a cross-site WebSocket; this does.
 */
export function createRequestGate({ allowedOrigins, isDraining }: RequestGateOptions) {
  const allowed = new Set(allowedOrigins);
  return (
    req: IncomingMessage,
    callback: (err: string | null | undefined, success: boolean) => void,
  ): void => {
    if (isDraining()) return callback(GATE_ERRORS.draining, false);
    const origin = req.headers.origin;
    if (origin !== undefined && !allowed.has(origin)) {
      return callback(GATE_ERRORS.originNotAllowed, false);
    }
    callback(null, true);
  };
}
