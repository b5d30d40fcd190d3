import { z } from 'zod';

/** Algorithms that verify with a shared secret. */
export const SECRET_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
/** Algorithms that verify with a public key (PEM or JWKS). */
export const KEY_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

const ALGORITHMS = [...SECRET_ALGORITHMS, ...KEY_ALGORITHMS] as const;
export type JwtAlgorithm = (typeof ALGORITHMS)[number];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A comma list from the environment, or an array from code. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(',')
            .map((part) => part.trim())
            .filter((part) => part.length > 0)
        : value,
    z.array(item),
  );

const bool = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    const lower = value.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
    if (['0', 'false', 'no', 'off', ''].includes(lower)) return false;
    return value;
  },
  z.boolean({ error: 'expected 1/0 or true/false' }),
);

const int = (min: number, max: number) =>
  z.coerce
    .number({ error: 'expected a whole number' })
    .int({ error: 'expected a whole number' })
    .min(min, { error: `expected a number >= ${min}` })
    .max(max, { error: `expected a number <= ${max}` });

const durationMs = int(1, 2_147_483_647);

/** PEM text; a value set through a single-line env var may carry literal `\n`. */
const pem = z
  .string()
  .transform((value) => value.replace(/\\n/g, '\n').trim())
  .refine((value) => value.startsWith('-----BEGIN '), {
    error: 'expected PEM text starting with -----BEGIN',
  });

/**
 * Every option of a realtime node. loadConfig() maps each field to an environment variable
 * (camelCase → SCREAMING_SNAKE_CASE) and a flag (→ --kebab-case).
 */
export const optionsSchema = z
  .object({
    /** Label value and engine.io session id prefix. @default `node-<port>` */
    nodeId: z
      .string()
      .regex(/^[a-z0-9-]{1,64}$/, { error: 'expected 1-64 characters of [a-z0-9-]' })
      .optional(),
    /** Bind address. @default 127.0.0.1 */
    host: z.string().min(1).default('127.0.0.1'),
    /** Listening port; 0 picks a free one. @default 3000 */
    port: int(0, 65_535).default(3000),
    /** HS* shared secret (at least 32 characters). */
    jwtSecret: z.string().min(32, { error: 'expected at least 32 characters' }).optional(),
    /** SPKI PEM public key for RS*, PS*, ES*, EdDSA. */
    jwtPublicKey: pem.optional(),
    /** JWKS URL (https, or http on loopback). */
    jwtJwksUrl: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
    /** Accepted algorithms. @default HS256 with a secret, RS256,ES256 with a key or JWKS */
    jwtAlgorithms: list(z.enum(ALGORITHMS, { error: `expected some of ${ALGORITHMS.join(',')}` }))
      .pipe(z.array(z.enum(ALGORITHMS)).min(1, { error: 'expected at least one algorithm' }))
      .optional(),
    /** Required `iss`. */
    jwtIssuer: z.string({ error: 'required' }).min(1, { error: 'required' }),
    /** Required `aud`. */
    jwtAudience: z.string({ error: 'required' }).min(1, { error: 'required' }),
    /** Browser origins allowed to connect; a request without Origin is allowed. @default [] */
    allowedOrigins: list(
      z
        .string()
        .regex(/^https?:\/\/[^/\s]+$/, { error: 'expected origins like https://host:port' }),
    ).default([]),
    /** @default `redis` when redisUrl is set, else `memory` */
    adapter: z.enum(['memory', 'redis', 'cluster']).optional(),
    /** redis://host:port for the Redis Streams adapter and room sequences. */
    redisUrl: z.url({ protocol: /^rediss?$/, error: 'expected redis://host:port' }).optional(),
    /**
     * Longest wait for a room message's `seq` (Redis INCR, cluster primary); past it the publish
     * is answered `sequence unavailable` and the client may retry. @default 1000
     */
    sequenceTimeoutMs: int(1, 60_000).default(1000),
    /** Token bucket refill, events per second per socket. @default 20 */
    rateLimitRate: int(1, 1_000_000).default(20),
    /** Token bucket size. @default 40 */
    rateLimitBurst: int(1, 1_000_000).default(40),
    /** Largest accepted message, bytes. @default 100000 */
    maxHttpBufferSize: int(1024, 100_000_000).default(100_000),
    /** @default 25000 */
    pingIntervalMs: durationMs.default(25_000),
    /** @default 20000 */
    pingTimeoutMs: durationMs.default(20_000),
    /**
     * Most engine.io connections one remote address may hold; 0 = no cap. Behind a balancer
     * every client has the balancer's address, so set it on nodes clients reach directly.
     * @default 0
     */
    maxConnectionsPerAddress: int(0, 1_000_000).default(0),
    /** Time a client has to join the namespace after the handshake. @default 45000 */
    connectTimeoutMs: durationMs.default(45_000),
    /** Connection state recovery window. @default 120000 */
    recoveryWindowMs: durationMs.default(120_000),
    /** Upper bound of a graceful drain. @default 10000 */
    drainTimeoutMs: durationMs.default(10_000),
    /** Path of a PEM certificate; with tlsKey serves https/wss. */
    tlsCert: z.string().min(1).optional(),
    /** Path of a PEM private key. */
    tlsKey: z.string().min(1).optional(),
    /** When set, the node serves instrument(io) to its sidecar with this token. */
    instrumentToken: z.string().min(16, { error: 'expected at least 16 characters' }).optional(),
    /** Enables test-only hooks (served to loopback callers only). @default false */
    testHooks: bool.default(false),
    /** Test hook: delay of every room delivery, ms. Needs testHooks. @default 0 */
    deliveryDelayMs: int(0, 60_000).default(0),
    /** pino level. @default info */
    logLevel: z.enum(LOG_LEVELS).default('info'),
  })
  .strict()
  .superRefine((options, ctx) => {
    const keys = [options.jwtSecret, options.jwtPublicKey, options.jwtJwksUrl].filter(
      (value) => value !== undefined,
    );
    if (keys.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['jwtSecret'],
        message:
          keys.length === 0
            ? 'one of JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL is required'
            : 'set only one of JWT_SECRET, JWT_PUBLIC_KEY, JWT_JWKS_URL',
      });
    }
    if (options.jwtAlgorithms) {
      const allowed: readonly string[] =
        options.jwtSecret !== undefined ? SECRET_ALGORITHMS : KEY_ALGORITHMS;
      const wrong = options.jwtAlgorithms.filter((alg) => !allowed.includes(alg));
      if (wrong.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['jwtAlgorithms'],
          message: `${wrong.join(',')} cannot be used with ${
            options.jwtSecret !== undefined ? 'a shared secret' : 'a public key'
          } (allowed: ${allowed.join(',')})`,
        });
      }
    }
    if ((options.tlsCert === undefined) !== (options.tlsKey === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [options.tlsCert === undefined ? 'tlsCert' : 'tlsKey'],
        message: 'TLS_CERT and TLS_KEY go together',
      });
    }
    if (options.adapter === 'redis' && options.redisUrl === undefined) {
      ctx.addIssue({ code: 'custom', path: ['redisUrl'], message: 'required with ADAPTER=redis' });
    }
    if (options.deliveryDelayMs > 0 && !options.testHooks) {
      ctx.addIssue({
        code: 'custom',
        path: ['deliveryDelayMs'],
        message: 'is a test hook: set TEST_HOOKS=1 too',
      });
    }
  });

/** The options after validation and defaults. */
export type ResolvedOptions = z.output<typeof optionsSchema>;
