import type { Logger } from '../logger.js';
import type { NodeStats } from '../stats.js';

/**
 * Runs a room delivery now, or after `delayMs` (the DELIVERY_DELAY_MS test hook). A delivery
 * that throws (e.g. a payload too deeply nested to encode) is logged and counted; on the
 * delayed path nothing else would catch it.
 */
export function createDelivery(delayMs: number, stats: NodeStats, logger: () => Logger) {
  const run = (send: () => void): void => {
    try {
      send();
    } catch (error) {
      stats.handlerErrors++;
      logger().error({ err: error }, 'delivery failed');
    }
  };
  return delayMs > 0 ? (send: () => void) => void setTimeout(run, delayMs, send) : run;
}
