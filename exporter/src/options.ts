import type { Logger } from 'pino';
import type { AuthLimiterOptions } from './http/auth-limiter.js';

/** Credentials for a server that runs only the stock `@socket.io/admin-ui` `instrument()`. */
export interface AdminUiOptions {
  user: string;
  password: string;
  /** @default '/admin' */
  namespace?: string;
}

export interface ExporterOptions {
  /** Base URL of the Socket.IO node to watch, e.g. `http://127.0.0.1:3000`. */
  target: string;
  /** Token of the node's `/sockscope` namespace. Required unless `adminUi` is given. */
  token?: string;
  /** Watch a server running only `@socket.io/admin-ui` instead of `instrument(io)`. */
  adminUi?: AdminUiOptions;
  /** Node label. @default the `node` of the instrument's hello (admin-ui: its serverId) */
  node?: string;
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @default 9464 */
  port?: number;
  /** SQLite file for closed sessions and the disconnect log; `:memory:` allowed. @default './sockscope-exporter.db' */
  store?: string;
  /** Bearer token for `/api` and the `/feed` namespace. Required. */
  apiToken: string;
  /** @default 7 */
  retentionDays?: number;
  /** @default 1073741824 (1 GiB) */
  retentionBytes?: number;
  /** How often retention runs. @default 60000 */
  retentionIntervalMs?: number;
  /** First reconnect delay to the target; doubles up to the max, with jitter. @default 500 */
  reconnectDelayMs?: number;
  /** @default 10000 */
  reconnectDelayMaxMs?: number;
  /** How often the live feed flushes its batch. @default 250 */
  feedIntervalMs?: number;
  /** @default a pino logger at LOG_LEVEL (info) on stderr */
  logger?: Logger;
  /** Failed `/api`/`/feed` token attempts per address before a block. @default 5 per minute, blocked 60 s */
  authRateLimit?: AuthLimiterOptions;
}

export type ResolvedOptions = Required<
  Omit<ExporterOptions, 'token' | 'adminUi' | 'node' | 'logger' | 'authRateLimit'>
> &
  Pick<ExporterOptions, 'token' | 'node'> & {
    adminUi: Required<AdminUiOptions> | undefined;
    logger: Logger;
  };

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 9464,
  store: './sockscope-exporter.db',
  retentionDays: 7,
  retentionBytes: 1024 * 1024 * 1024,
  retentionIntervalMs: 60_000,
  reconnectDelayMs: 500,
  reconnectDelayMaxMs: 10_000,
  feedIntervalMs: 250,
  adminUiNamespace: '/admin',
} as const;
