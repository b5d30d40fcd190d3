/**
 * The dashboard's custom server: Next.js for pages and route handlers, and Socket.IO on the
 * same HTTP server for the browser's live feed (as in Socket.IO's Next.js guide). The live hub
 * subscribes to every exporter's feed and fans out to signed-in browsers only.
 *
 * Environment: PORT (default 3000), HOST (default 127.0.0.1), NODE_ENV, and those of lib/config.
 */
import { createServer } from 'node:http';
import next from 'next';
import { Server } from 'socket.io';
import { isSignedInCookieHeader } from './lib/auth/request-auth';
import { dashboardConfig } from './lib/config';
import { exporterTargets } from './lib/exporters/registry';
import { createLiveHub, publishHub, type BrowserServer } from './lib/live/live-hub';
import { createLogger } from './lib/log';

const logger = createLogger();
const dev = process.env.NODE_ENV !== 'production';
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 3000);

try {
  dashboardConfig();
} catch (err) {
  logger.fatal(err instanceof Error ? err.message : String(err));
  process.exit(2);
}

const app = next({ dev, hostname: host, port, dir: import.meta.dirname });
const handle = app.getRequestHandler();
await app.prepare();

const httpServer = createServer((req, res) => {
  void handle(req, res);
});

const io: BrowserServer = new Server(httpServer, {
  serveClient: false,
  // Refuse the handshake itself without a signed-in session cookie.
  allowRequest: (req, callback) => callback(null, isSignedInCookieHeader(req.headers.cookie)),
});

const hub = createLiveHub({ io, targets: exporterTargets, logger });
publishHub(hub);

httpServer.listen(port, host, () => {
  const address = httpServer.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  logger.info({ url: `http://${host}:${actual}`, dev }, 'dashboard listening');
});

function shutdown() {
  hub.close();
  void io.close();
  httpServer.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
