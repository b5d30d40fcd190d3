/**
 * Checks the target accepts TCP connections before any load starts. A TCP connect leaves no
 * session, request or handshake error in the server's counters, and works for servers that
 * never answer paths outside `/socket.io/` (a bare Socket.IO server lets `GET /` hang).
 */
import { connect } from 'node:net';

export async function checkReachable(target: string, timeoutMs = 5000): Promise<void> {
  const url = new URL(target);
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  const port = Number(url.port || (secure ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host, port });
    const fail = (why: string): void => {
      socket.destroy();
      reject(new Error(`target ${target} is unreachable (${why})`));
    };
    socket.setTimeout(timeoutMs, () => fail(`no TCP connection within ${timeoutMs} ms`));
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
  });
}
