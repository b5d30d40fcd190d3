import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExporterStatus, LifecycleEvent } from '@sockscope/contracts';
import type { Registry } from 'prom-client';
import { createFeed } from './feed/create-feed.js';
import { createApiAuth } from './http/api-auth.js';
import { createAuthLimiter } from './http/auth-limiter.js';
import { createTokenCheck } from './http/bearer-auth.js';
import { createHttpHandler } from './http/create-http-handler.js';
import { createMetrics } from './metrics/create-metrics.js';
import type { ExporterOptions } from './options.js';
import { resolveOptions } from './resolve-options.js';
import { Ingest } from './state/ingest.js';
import { LiveSessions } from './state/live-sessions.js';
import { DisconnectStore } from './store/disconnect-store.js';
import { openDatabase } from './store/open-database.js';
import { enforceRetention } from './store/retention.js';
import { createAdminUiSource } from './target/admin-ui-source.js';
import { createSidecarSource } from './target/sidecar-source.js';
import type { TargetSource } from './target/target-source.js';

export interface Exporter {
  /** `http://host:port` of the HTTP server (metrics, API, feed). */
  url: string;
  port: number;
  registry: Registry;
  status(): ExporterStatus;
  /** Messages from the target that could not be applied. */
  badMessages(): number;
  close(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function createExporter(input: ExporterOptions): Promise<Exporter> {
  const options = resolveOptions(input);
  const { logger } = options;
  const db = openDatabase(options.store);
  const store = new DisconnectStore(db);
  const live = new LiveSessions();
  const auth = createApiAuth({
    checkToken: createTokenCheck(options.apiToken),
    limiter: createAuthLimiter(input.authRateLimit),
    logger,
  });
  let badMessages = 0;
  let pushFeed: ((events: LifecycleEvent[]) => void) | null = null;

  const ingest = new Ingest({
    store,
    live,
    logger,
    node: options.node,
    onEvents: (events) => pushFeed?.(events),
  });
  const registry = createMetrics({
    node: () => ingest.node,
    state: () => ingest.state,
    connected: () => ingest.connectedOverride ?? live.transports(),
    targetUp: () => ingest.targetUp,
  });

  const retention = (): void => {
    try {
      const result = enforceRetention(
        db,
        Date.now(),
        options.retentionDays * DAY_MS,
        options.retentionBytes,
      );
      if (result.deletedByAge + result.deletedBySize > 0) logger.info(result, 'retention applied');
    } catch (error) {
      logger.error({ err: error }, 'retention failed');
    }
  };
  retention();
  const retentionTimer = setInterval(retention, options.retentionIntervalMs);
  retentionTimer.unref();

  const httpServer = createServer(
    createHttpHandler({ ingest, live, store, registry, auth, logger }),
  );
  const feed = createFeed({
    httpServer,
    auth,
    status: () => ingest.status(),
    intervalMs: options.feedIntervalMs,
  });
  pushFeed = feed.push;

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;

  const sourceOptions = {
    url: options.target,
    ingest,
    logger,
    reconnectDelayMs: options.reconnectDelayMs,
    reconnectDelayMaxMs: options.reconnectDelayMaxMs,
    onBadMessage: () => {
      badMessages++;
    },
  };
  const source: TargetSource = options.adminUi
    ? createAdminUiSource({ ...sourceOptions, ...options.adminUi, node: options.node })
    : createSidecarSource({ ...sourceOptions, token: options.token ?? '' });

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    registry,
    status: () => ingest.status(),
    badMessages: () => badMessages,
    close() {
      closing ??= (async () => {
        clearInterval(retentionTimer);
        source.close();
        await feed.close();
        httpServer.closeAllConnections();
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
        db.close();
      })();
      return closing;
    },
  };
}
