import type { Logger } from '../logger.js';
import type { NodeStats } from '../stats.js';
import type { AppSocket } from '../types.js';

/** setTimeout's longest delay; longer waits are chained. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * At the token's `exp` the socket gets `auth:expired` and is disconnected (the notice is
 * flushed before the transport closes). The timer is cleared when the socket goes away.
 */
export function watchTokenExpiry(socket: AppSocket, stats: NodeStats, logger: Logger): void {
  const exp = socket.data.tokenExp;
  if (exp === undefined) return;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    const wait = exp - Date.now();
    if (wait > MAX_TIMER_MS) {
      timer = setTimeout(arm, MAX_TIMER_MS);
      return;
    }
    timer = setTimeout(expire, Math.max(0, wait));
  };
  const expire = (): void => {
    stats.tokensExpired++;
    logger.debug({ userId: socket.data.userId }, 'token expired, disconnecting');
    socket.emit('auth:expired', { exp });
    socket.disconnect(true);
  };
  socket.once('disconnect', () => clearTimeout(timer));
  arm();
}
