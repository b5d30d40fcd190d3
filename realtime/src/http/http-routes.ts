import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import type { NodeStats } from '../stats.js';
import { handleTestHook } from './test-hooks.js';

export interface HttpRoutesOptions {
  nodeId: () => string;
  /** Ready = listening, attached and not draining. */
  isReady: () => boolean;
  testHooks: boolean;
  /** Served at GET /test-hooks/stats when testHooks is on. */
  stats: Readonly<NodeStats>;
  logger: () => Logger;
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
};

/** Everything outside /socket.io/: health, readiness and (opt-in) test hooks. */
export function createHttpRoutes(options: HttpRoutesOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      json(res, 400, { error: 'bad url' });
      return;
    }
    if (url.pathname === '/healthz') {
      json(res, 200, { status: 'ok', node: options.nodeId() });
      return;
    }
    if (url.pathname === '/readyz') {
      if (options.isReady()) json(res, 200, { status: 'ready' });
      else json(res, 503, { status: 'draining' });
      return;
    }
    if (options.testHooks && handleTestHook(req, res, url, options.stats, options.logger())) return;
    json(res, 404, { error: 'not found' });
  };
}
