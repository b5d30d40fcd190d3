import { z } from 'zod';

/** Application room names: printable, bounded. */
export const roomName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w.:@/-]+$/);

const userId = z.string().min(1).max(256);

/** The payload of each client → server event (the ack callback is checked apart). */
export const payloadSchemas = {
  'room:join': z.object({ room: roomName }).strict(),
  'room:leave': z.object({ room: roomName }).strict(),
  'room:publish': z
    .object({
      room: roomName,
      payload: z.unknown(),
      clientMsgId: z.string().min(1).max(128).optional(),
    })
    .strict(),
  'direct:send': z.object({ to: userId, payload: z.unknown() }).strict(),
} as const;

export type ClientEventName = keyof typeof payloadSchemas;
export const CLIENT_EVENTS = new Set<string>(Object.keys(payloadSchemas));
