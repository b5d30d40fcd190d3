import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { HttpError } from './api-error.js';
import {
  getStatus,
  listDisconnects,
  listSessions,
  sessionTimeline,
  summary,
  type ApiContext,
} from './api-routes.js';
import type { ApiAuth } from './api-auth.js';
import { bearerToken } from './bearer-auth.js';

export interface HttpHandlerOptions extends ApiContext {
  registry: Registry;
  /** Token check with the per-address failure limit, shared with `/feed`. */
  auth: ApiAuth;
  logger: Logger;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** Routes of the exporter's HTTP server; any failure becomes a JSON answer, never a crash. */
export function createHttpHandler(
  options: HttpHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { ingest, registry, logger } = options;

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      throw new HttpError(400, 'bad request URL');
    }
    const path = url.pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD')
      throw new HttpError(405, 'method not allowed');

    if (path === '/metrics') {
      const text = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(text);
      return;
    }
    if (path === '/healthz') return send(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      return ingest.targetUp
        ? send(res, 200, { status: 'ready' })
        : send(res, 503, { status: 'target down' });
    }
    if (path === '/api' || path.startsWith('/api/')) {
      const auth = options.auth(req.socket.remoteAddress, bearerToken(req.headers.authorization));
      if (!auth.ok && auth.reason === 'rate limited') {
        return send(
          res,
          429,
          { error: 'too many failed authentication attempts', parameter: 'authorization' },
          { 'retry-after': String(Math.ceil(auth.retryAfterMs / 1000)) },
        );
      }
      if (!auth.ok) {
        return send(
          res,
          401,
          { error: 'missing or invalid bearer token' },
          { 'www-authenticate': 'Bearer' },
        );
      }
      const q = url.searchParams;
      if (path === '/api/status') return send(res, 200, getStatus(options, q));
      if (path === '/api/sessions') return send(res, 200, listSessions(options, q));
      if (path.startsWith('/api/sessions/')) {
        let id: string;
        try {
          id = decodeURIComponent(path.slice('/api/sessions/'.length));
        } catch {
          throw new HttpError(400, 'invalid session id', 'id');
        }
        return send(res, 200, sessionTimeline(options, id, q));
      }
      if (path === '/api/disconnects') return send(res, 200, listDisconnects(options, q));
      if (path === '/api/summary') return send(res, 200, summary(options, q));
    }
    throw new HttpError(404, 'not found');
  };

  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) return send(res, error.status, error.body());
      logger.error({ err: error, path: req.url?.split('?')[0] }, 'request failed');
      send(res, 500, { error: 'internal error' });
    });
  };
}
