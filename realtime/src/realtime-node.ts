import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { instrument, type InstrumentHandle } from '@sockscope/instrument';
import { Server } from 'socket.io';
import { createAdapterSetup, type AdapterHealthReading } from './adapters/adapter-setup.js';
import { closeRecoverySeam } from './adapters/recovery-seam.js';
import { createAuthMiddleware } from './auth/auth-middleware.js';
import { watchTokenExpiry } from './auth/expiry-timer.js';
import { createHandshakeAuthenticator } from './auth/handshake-auth.js';
import { guardRecovery } from './auth/recovery-guard.js';
import { createTokenVerifier } from './auth/token-verifier.js';
import { ConfigError } from './config/config-error.js';
import { optionsSchema, type ResolvedOptions } from './config/options-schema.js';
import { registerDirectHandlers } from './events/direct-handlers.js';
import { guardIncoming } from './events/event-guard.js';
import { registerRoomHandlers } from './events/room-handlers.js';
import { userRoomKey } from './events/room-keys.js';
import { createTokenBucket } from './events/token-bucket.js';
import { createDelivery } from './events/delivery.js';
import { createAddressCap, type AddressCap } from './http/address-cap.js';
import { createHttpRoutes } from './http/http-routes.js';
import { createRequestGate } from './http/request-gate.js';
import { createLogger, type Logger } from './logger.js';
import { createSessionIdGenerator } from './node-id.js';
import { createStats, type NodeStats } from './stats.js';
import type { AppServer } from './types.js';

/**
 * Options of createRealtimeNode(): the fields of loadConfig()'s result, each optional except
 * the JWT issuer and audience (and one key). Defaults and meanings are documented on
 * `optionsSchema` (src/config/options-schema.ts) and in the README.
 */
export interface RealtimeNodeOptions extends Partial<ResolvedOptions> {
  jwtIssuer: string;
  jwtAudience: string;
  /** A logger to use instead of the node's own pino logger (it gets a `node` child). */
  logger?: Logger;
}

export interface RealtimeNode {
  /** The node id (sid prefix and label value). */
  id: string;
  io: AppServer;
  httpServer: HttpServer;
  port: number;
  /** http(s)://host:port of this node. */
  url: string;
  /** Live counters of refused and handled events. */
  stats: Readonly<NodeStats>;
  /** readyz 503, refuse new handshakes, io.close() (sessions kept for recovery); bounded. */
  drain(): Promise<void>;
  /** Same as drain(); resolves when everything is released. */
  close(): Promise<void>;
}

const loopbackUrlHost = (host: string): string =>
  host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

/** Starts one realtime node: HTTP(S) server, Socket.IO with auth, rooms, limits and adapter. */
export async function createRealtimeNode(options: RealtimeNodeOptions): Promise<RealtimeNode> {
  const { logger: givenLogger, ...config } = options;
  const parsed = optionsSchema.safeParse(config);
  if (!parsed.success) throw ConfigError.fromZod(parsed.error, (field) => `options.${field}`);
  const o = parsed.data;

  const verify = await createTokenVerifier({
    secret: o.jwtSecret,
    publicKey: o.jwtPublicKey,
    jwksUrl: o.jwtJwksUrl,
    algorithms: o.jwtAlgorithms,
    issuer: o.jwtIssuer,
    audience: o.jwtAudience,
  });

  const stats = createStats();
  let nodeId = o.nodeId ?? (o.port === 0 ? 'node-starting' : `node-${o.port}`);
  let logger: Logger = givenLogger?.child({ node: nodeId }) ?? createLogger(o.logLevel, nodeId);
  let ready = false;
  let draining = false;
  /** Replaced once the adapter exists; /readyz answers before that. */
  let adapterHealth: () => AdapterHealthReading | undefined = () => undefined;

  const routes = createHttpRoutes({
    nodeId: () => nodeId,
    isReady: () => ready && !draining,
    adapterHealth: () => adapterHealth(),
    testHooks: o.testHooks,
    stats,
    logger: () => logger,
  });
  const tls = o.tlsCert !== undefined && o.tlsKey !== undefined;
  const httpServer: HttpServer = tls
    ? (createHttpsServer(
        { cert: readFileSync(o.tlsCert as string), key: readFileSync(o.tlsKey as string) },
        routes,
      ) as unknown as HttpServer)
    : createHttpServer(routes);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    // exclusive: node:cluster workers get a port each instead of sharing the primary's.
    httpServer.listen({ port: o.port, host: o.host, exclusive: true }, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;
  if (o.nodeId === undefined) {
    nodeId = `node-${port}`;
    logger = givenLogger?.child({ node: nodeId }) ?? createLogger(o.logLevel, nodeId);
  }
  const url = `${tls ? 'https' : 'http'}://${loopbackUrlHost(o.host)}:${port}`;

  const adapterKind = o.adapter ?? (o.redisUrl !== undefined ? 'redis' : 'memory');
  const adapterSetup = await createAdapterSetup(adapterKind, o.redisUrl, logger).catch(
    async (error: unknown) => {
      await new Promise((resolve) => httpServer.close(resolve));
      throw error;
    },
  );
  adapterHealth = () => adapterSetup.health();

  const addressCap = createAddressCap({ maxPerAddress: o.maxConnectionsPerAddress });
  const io: AppServer = new Server(httpServer, {
    ...(adapterSetup.adapter && { adapter: adapterSetup.adapter }),
    transports: ['polling', 'websocket'],
    maxHttpBufferSize: o.maxHttpBufferSize,
    pingInterval: o.pingIntervalMs,
    pingTimeout: o.pingTimeoutMs,
    connectTimeout: o.connectTimeoutMs,
    allowRequest: createRequestGate({
      allowedOrigins: o.allowedOrigins,
      isDraining: () => draining,
      admitsAddress: (address) => addressCap.admits(address),
    }),
    ...(o.allowedOrigins.length > 0 && { cors: { origin: o.allowedOrigins, credentials: true } }),
    // Middlewares run again on recovery: an expired or revoked token recovers nothing.
    connectionStateRecovery: {
      maxDisconnectionDuration: o.recoveryWindowMs,
      skipMiddlewares: false,
    },
  });
  io.engine.generateId = createSessionIdGenerator(nodeId);
  io.engine.on('connection', (socket: Parameters<AddressCap['track']>[0]) =>
    addressCap.track(socket),
  );

  if (adapterKind === 'redis') closeRecoverySeam(io.of('/'), logger);
  const authenticate = createHandshakeAuthenticator(verify);
  const decided = guardRecovery(io.of('/'), authenticate, logger);
  io.use(createAuthMiddleware(authenticate, decided, stats, logger));
  const delay = o.testHooks ? o.deliveryDelayMs : 0;
  const deliver = createDelivery(delay, stats, () => logger);

  io.on('connection', (socket) => {
    void socket.join(userRoomKey(socket.data.userId));
    watchTokenExpiry(socket, stats, logger);
    guardIncoming(
      socket,
      createTokenBucket({ rate: o.rateLimitRate, burst: o.rateLimitBurst }),
      stats,
      logger,
    );
    registerRoomHandlers(socket, {
      io,
      sequences: adapterSetup.sequences,
      sequenceTimeoutMs: o.sequenceTimeoutMs,
      stats,
      logger,
      deliver,
    });
    registerDirectHandlers(socket, { io, stats, logger });
  });

  // The exporter sidecar's feed (loopback only, token-protected); after the app's handlers so
  // the namespace list in its hello is complete.
  const sidecar: InstrumentHandle | undefined =
    o.instrumentToken === undefined
      ? undefined
      : instrument(io, {
          token: o.instrumentToken,
          node: nodeId,
          adapterHealth: () => adapterSetup.health(),
        });

  ready = true;
  // Spawners wait for this line, so it is written even when LOG_LEVEL is above info.
  const announcer =
    logger.isLevelEnabled('info') || o.logLevel === 'silent'
      ? logger
      : createLogger('info', nodeId);
  announcer.info({ port, url, adapter: adapterKind, tls }, 'listening');

  let closing: Promise<void> | undefined;
  const drain = (): Promise<void> => {
    if (closing) return closing;
    draining = true;
    sidecar?.setDraining(true);
    logger.info({ clients: io.engine.clientsCount }, 'draining');
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        logger.warn(
          { drainTimeoutMs: o.drainTimeoutMs },
          'drain bound reached, closing connections',
        );
        resolve();
      }, o.drainTimeoutMs);
    });
    const work = (async () => {
      // io.close() first: the shutdown disconnects are sent to the sidecar before it is cut off.
      await io.close();
      sidecar?.close();
      await adapterSetup.close();
    })().catch((error: unknown) => logger.error({ err: error }, 'error while draining'));
    closing = Promise.race([work, bound]).then(() => {
      clearTimeout(timer);
      sidecar?.close();
      httpServer.closeAllConnections();
      // Past the bound, release the adapter too (a no-op when the work finished).
      void adapterSetup.close().catch(() => undefined);
      logger.info('closed');
    });
    return closing;
  };

  return {
    id: nodeId,
    io,
    httpServer,
    port,
    url,
    stats,
    drain,
    close: drain,
  };
}
