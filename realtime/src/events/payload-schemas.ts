import { z } from 'zod';

/** Application room names: printable, bounded. */
export const roomName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w.:@/-]+$/);

const userId = z.string().min(1).max(256);

/** Deepest nesting a payload may have; deeper ones would overflow the encoder's recursion. */
export const MAX_PAYLOAD_DEPTH = 32;

/** Iterative, so a hostile payload cannot overflow the stack of the check itself. */
export function withinDepth(value: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [current, depth] = item;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= maxDepth) return false;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return true;
}

const payload = z.unknown().refine((value) => withinDepth(value, MAX_PAYLOAD_DEPTH), {
  error: `payload nested deeper than ${MAX_PAYLOAD_DEPTH}`,
});

/** The payload of each client → server event (the ack callback is checked apart). */
export const payloadSchemas = {
  'room:join': z.object({ room: roomName }).strict(),
  'room:leave': z.object({ room: roomName }).strict(),
  'room:publish': z
    .object({
      room: roomName,
      payload,
      clientMsgId: z.string().min(1).max(128).optional(),
    })
    .strict(),
  'direct:send': z.object({ to: userId, payload }).strict(),
} as const;

export type ClientEventName = keyof typeof payloadSchemas;
export const CLIENT_EVENTS = new Set<string>(Object.keys(payloadSchemas));
