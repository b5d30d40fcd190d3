import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AdapterHealthReading } from '../adapters/adapter-setup.js';
import type { Logger } from '../logger.js';
import type { NodeStats } from '../stats.js';
import { handleTestHook } from './test-hooks.js';

export interface HttpRoutesOptions {
  nodeId: () => string;
  /** Ready = listening, attached and not draining. */
  isReady: () => boolean;
  /** The adapter's link to its broker, reported by /readyz; absent before it exists. */
  adapterHealth: () => AdapterHealthReading | undefined;
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

/** `{ kind, up }`, plus since when and for how long it is down. */
function adapterBody(reading: AdapterHealthReading | undefined, now: number) {
  if (reading === undefined) return {};
  const { kind, up, downSince } = reading;
  return {
    adapter: {
      kind,
      up,
      ...(downSince !== undefined && {
        downSince: new Date(downSince).toISOString(),
        downForMs: Math.max(0, now - downSince),
      }),
    },
  };
}

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
      if (!options.isReady()) {
        json(res, 503, { status: 'draining' });
        return;
      }
      // An adapter that is down keeps 200: every node loses Redis at once, and a 503 from all of
      // them would take the whole cluster out of the balancer while each node can still serve
      // its own clients. The body says it; socketio_adapter_up and its alert page.
      json(res, 200, { status: 'ready', ...adapterBody(options.adapterHealth(), Date.now()) });
      return;
    }
    if (options.testHooks && handleTestHook(req, res, url, options.stats, options.logger())) return;
    json(res, 404, { error: 'not found' });
  };
}
