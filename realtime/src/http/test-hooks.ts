import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import type { NodeStats } from '../stats.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Busy-waits the event loop (a stand-in for a CPU-bound handler). */
export function blockEventLoop(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

/**
 * Only when TEST_HOOKS=1 and only to loopback callers (returns false when not handled):
 * - POST /test-hooks/block-event-loop?ms=N (1..60000): answers after blocking the loop N ms;
 * - GET /test-hooks/stats: the node's counters (NodeStats) as JSON.
 */
export function handleTestHook(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  stats: Readonly<NodeStats>,
  logger: Logger,
): boolean {
  if (!url.pathname.startsWith('/test-hooks/')) return false;
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return false;
  if (url.pathname === '/test-hooks/stats' && req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(stats));
    return true;
  }
  if (url.pathname !== '/test-hooks/block-event-loop') return false;
  if (req.method !== 'POST') {
    res.writeHead(405, { 'content-type': 'application/json', allow: 'POST' });
    res.end(JSON.stringify({ error: 'use POST' }));
    return true;
  }
  const ms = Number(url.searchParams.get('ms'));
  if (!Number.isInteger(ms) || ms < 1 || ms > 60_000) {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'ms: expected a whole number 1..60000' }));
    return true;
  }
  logger.warn({ ms }, 'test hook: blocking the event loop');
  blockEventLoop(ms);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ blockedMs: ms }));
  return true;
}
