import { ACK_ERRORS, type Ack } from '@sockscope/contracts';
import type { z } from 'zod';
import type { Logger } from '../logger.js';
import type { NodeStats } from '../stats.js';
import type { AppSocket } from '../types.js';
import { CLIENT_EVENTS } from './payload-schemas.js';
import type { TokenBucket } from './token-bucket.js';

export type AckFn = (result: unknown) => void;
export type AckResult = Ack<Record<string, unknown>>;

/** Error string of an ack whose handler failed on the server side. */
export const INTERNAL_ERROR = 'internal error';

const lastFunction = (args: readonly unknown[]): AckFn | undefined => {
  const last = args.at(-1);
  return typeof last === 'function' ? (last as AckFn) : undefined;
};

/**
 * Runs before every incoming event of a socket: rate limit first (cheapest), then refuse
 * unknown event names. Refused events are counted and answered when they carry an ack.
 */
export function guardIncoming(
  socket: AppSocket,
  bucket: TokenBucket,
  stats: NodeStats,
  logger: Logger,
): void {
  socket.use((packet, next) => {
    const [event, ...args] = packet as [unknown, ...unknown[]];
    if (!bucket.take()) {
      stats.rateLimited++;
      lastFunction(args)?.({ ok: false, error: ACK_ERRORS.rateLimited });
      return;
    }
    if (typeof event !== 'string' || !CLIENT_EVENTS.has(event)) {
      stats.unknownEvents++;
      logger.debug({ event: String(event).slice(0, 64) }, 'unknown event refused');
      lastFunction(args)?.({ ok: false, error: ACK_ERRORS.invalidPayload });
      return;
    }
    next();
  });
}

/**
 * Wraps a handler: exactly (payload, ack) with a payload matching `schema`, else an
 * `invalid payload` ack (when there is an ack) and a count; a throwing handler answers
 * `internal error` and never reaches the process.
 */
export function guardedHandler<S extends z.ZodType>(
  event: string,
  schema: S,
  stats: NodeStats,
  logger: Logger,
  run: (input: z.output<S>) => AckResult | Promise<AckResult>,
): (...args: unknown[]) => void {
  return (...args) => {
    const ack = lastFunction(args);
    const parsed = args.length === 2 && ack ? schema.safeParse(args[0]) : undefined;
    if (!ack || !parsed?.success) {
      stats.invalidPayloads++;
      logger.debug({ event, withAck: ack !== undefined }, 'invalid payload refused');
      ack?.({ ok: false, error: ACK_ERRORS.invalidPayload });
      return;
    }
    stats.eventsHandled++;
    let result: AckResult | Promise<AckResult>;
    try {
      result = run(parsed.data);
    } catch (error) {
      result = Promise.reject(error);
    }
    Promise.resolve(result).then(ack, (error: unknown) => {
      stats.handlerErrors++;
      logger.error({ event, err: error }, 'handler failed');
      ack({ ok: false, error: INTERNAL_ERROR });
    });
  };
}
