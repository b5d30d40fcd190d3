import { randomUUID } from 'node:crypto';
import { ACK_ERRORS, type RoomMessage } from '@sockscope/contracts';
import type { Logger } from '../logger.js';
import type { SequenceSource } from '../sequences/sequence-source.js';
import { nextWithin } from '../sequences/sequence-timeout.js';
import type { NodeStats } from '../stats.js';
import type { AppServer, AppSocket } from '../types.js';
import { guardedHandler } from './event-guard.js';
import { payloadSchemas } from './payload-schemas.js';
import { appRoomKey } from './room-keys.js';

export interface RoomHandlerContext {
  io: AppServer;
  sequences: SequenceSource;
  /** Longest wait for a seq before answering `sequence unavailable`. @default 1000 */
  sequenceTimeoutMs?: number;
  stats: NodeStats;
  logger: Logger;
  /** Schedules a room delivery (immediately, or after the DELIVERY_DELAY_MS test hook). */
  deliver: (send: () => void) => void;
}

/** room:join, room:leave, room:publish. Publishing does not require membership. */
export function registerRoomHandlers(socket: AppSocket, ctx: RoomHandlerContext): void {
  const { io, sequences, stats, logger, deliver } = ctx;
  const sequenceTimeoutMs = ctx.sequenceTimeoutMs ?? 1000;
  const { observe } = sequences;
  if (observe) {
    // Every room message this socket is sent (published on any node) raises the room's floor.
    socket.onAnyOutgoing((event: string, message: unknown) => {
      if (event === 'room:message') {
        const { room, seq } = message as RoomMessage;
        observe.call(sequences, room, seq);
      }
    });
  }

  socket.on(
    'room:join',
    guardedHandler('room:join', payloadSchemas['room:join'], stats, logger, async ({ room }) => {
      await socket.join(appRoomKey(room));
      return { ok: true };
    }),
  );

  socket.on(
    'room:leave',
    guardedHandler('room:leave', payloadSchemas['room:leave'], stats, logger, async ({ room }) => {
      const key = appRoomKey(room);
      if (!socket.rooms.has(key)) return { ok: false, error: ACK_ERRORS.notInRoom };
      await socket.leave(key);
      return { ok: true };
    }),
  );

  socket.on(
    'room:publish',
    guardedHandler(
      'room:publish',
      payloadSchemas['room:publish'],
      stats,
      logger,
      async ({ room, payload, clientMsgId }) => {
        let seq: number;
        try {
          seq = await nextWithin(sequences, room, sequenceTimeoutMs);
        } catch (error) {
          // Counted and answered: the client may retry; the node keeps serving everything else.
          stats.sequenceUnavailable++;
          logger.warn({ err: error }, 'room publish refused: sequence unavailable');
          return { ok: false, error: ACK_ERRORS.sequenceUnavailable };
        }
        const message: RoomMessage = {
          id: randomUUID(),
          room,
          from: socket.data.userId,
          payload,
          sentAt: Date.now(),
          seq,
          ...(clientMsgId !== undefined && { clientMsgId }),
        };
        deliver(() => io.to(appRoomKey(room)).emit('room:message', message));
        return { ok: true, id: message.id, serverTs: message.sentAt, seq };
      },
    ),
  );
}
