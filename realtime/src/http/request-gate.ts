import type { IncomingMessage } from 'node:http';

export interface RequestGateOptions {
  /** Browser origins allowed; a request without an Origin header is a non-browser client. */
  allowedOrigins: readonly string[];
  /** True once the node drains: every new handshake is refused. */
  isDraining: () => boolean;
  /** True when the remote address may open one more connection. @default always */
  admitsAddress?: (address: string | undefined) => boolean;
}

/** Refusal messages of the engine.io handshake (HTTP 403). */
export const GATE_ERRORS = {
  originNotAllowed: 'origin not allowed',
  draining: 'server draining',
  tooManyConnections: 'too many connections from this address',
} as const;

/**
 * engine.io `allowRequest`: runs before a session exists, so a refused request creates no
 * socket. CORS headers alone do not stop a cross-site WebSocket; this does.
 */
export function createRequestGate({
  allowedOrigins,
  isDraining,
  admitsAddress = () => true,
}: RequestGateOptions) {
  const allowed = new Set(allowedOrigins);
  return (
    req: IncomingMessage,
    callback: (err: string | null | undefined, success: boolean) => void,
  ): void => {
    const refuse = (message: string): void => {
      // engine.io answers a refused WebSocket handshake with 400; say 403 as polling does.
      if (req.headers.upgrade !== undefined) forbidUpgrade(req, message);
      callback(message, false);
    };
    if (isDraining()) return refuse(GATE_ERRORS.draining);
    const origin = req.headers.origin;
    if (origin !== undefined && !allowed.has(origin)) return refuse(GATE_ERRORS.originNotAllowed);
    if (!admitsAddress(req.socket.remoteAddress)) return refuse(GATE_ERRORS.tooManyConnections);
    callback(null, true);
  };
}

/** Ends the upgrade socket with a 403 (engine.io then finds it unwritable and destroys it). */
function forbidUpgrade(req: IncomingMessage, message: string): void {
  const socket = req.socket;
  if (!socket.writable) return;
  const body = JSON.stringify({ code: 4, message });
  socket.end(
    'HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
