import { randomUUID } from 'node:crypto';
import type { DirectMessage } from '@sockscope/contracts';
import type { Logger } from '../logger.js';
import type { NodeStats } from '../stats.js';
import type { AppServer, AppSocket } from '../types.js';
import { guardedHandler } from './event-guard.js';
import { payloadSchemas } from './payload-schemas.js';
import { userRoomKey } from './room-keys.js';

/**
 * direct:send reaches every socket of user `to`, on every node (each socket joins its user
 * room on connection). The ack confirms acceptance, not delivery.
 */
export function registerDirectHandlers(
  socket: AppSocket,
  ctx: { io: AppServer; stats: NodeStats; logger: Logger },
): void {
  socket.on(
    'direct:send',
    guardedHandler(
      'direct:send',
      payloadSchemas['direct:send'],
      ctx.stats,
      ctx.logger,
      ({ to, payload }) => {
        const message: DirectMessage = {
          id: randomUUID(),
          from: socket.data.userId,
          payload,
          sentAt: Date.now(),
        };
        ctx.io.to(userRoomKey(to)).emit('direct:message', message);
        return { ok: true, id: message.id, serverTs: message.sentAt };
      },
    ),
  );
}
