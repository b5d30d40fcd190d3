import { hostname } from 'node:os';
import * as v from 'valibot';
import {
  INSTRUMENT_NAMESPACE,
  MAX_EVENT_NAMES,
  MIN_INSTRUMENT_TOKEN_LENGTH,
} from '@sockscope/contracts';
import type { AdapterHealth } from '@sockscope/contracts';
import type { Socket } from 'socket.io';
import { adapterHealthProblem } from './health-sampler.js';

/** Who a socket belongs to, for the session record (never a metric label). */
export type UserOf = (socket: Socket) => string | number | null | undefined;

/** Reads the adapter's link to its broker; called once per batch, so it must be cheap. */
export type AdapterHealthReader = () => AdapterHealth;

export interface InstrumentOptions {
  /**
   * Shared secret the sidecar sends as `auth.token`. Required, at least
   * `MIN_INSTRUMENT_TOKEN_LENGTH` (16) characters. Never logged.
   */
  token: string;
  /**
   * This node's id, as the `node` label and in every session record.
   * @default os.hostname()
   */
  node?: string;
  /**
   * Namespace the sidecar connects to.
   * @default '/sockscope'
   */
  namespace?: string;
  /**
   * Accept sidecars from non-loopback addresses.
   * @default false
   */
  allowRemote?: boolean;
  /**
   * Take a client's address from the first `x-forwarded-for` entry (set behind a trusted proxy).
   * @default false
   */
  trustProxy?: boolean;
  /**
   * Extracts the user of a socket.
   * @default socket => socket.data.userId ?? socket.data.user?.id ?? null
   */
  userOf?: UserOf;
  /**
   * How often a batch goes to each sidecar, in milliseconds (clamped to 250–1000).
   * @default 500
   */
  batchIntervalMs?: number;
  /**
   * Lifecycle events kept for sidecars that reconnect (older ones are reported as a gap).
   * @default 10000
   */
  bufferSize?: number;
  /**
   * Distinct event names counted per namespace; the rest are counted as `other`.
   * @default MAX_EVENT_NAMES (50)
   */
  maxEventNames?: number;
  /**
   * Reports whether the Socket.IO adapter reaches its broker, e.g. for the Redis Streams
   * adapter `() => ({ kind: 'redis', up: redis.status === 'ready' })`. Sent as `health.adapter`
   * and exported as `socketio_adapter_up`. `kind` must match ADAPTER_KIND_PATTERN (a short
   * lowercase word). A reader that throws or returns another shape reports the adapter down.
   * @default undefined (no adapter health is reported)
   */
  adapterHealth?: AdapterHealthReader;
}

export interface ResolvedInstrumentOptions {
  token: string;
  node: string;
  namespace: string;
  allowRemote: boolean;
  trustProxy: boolean;
  userOf: UserOf;
  batchIntervalMs: number;
  bufferSize: number;
  maxEventNames: number;
  adapterHealth: AdapterHealthReader | undefined;
}

const isFunction = (value: unknown): boolean => typeof value === 'function';

const TOKEN_REQUIRED =
  'instrument(io, { token }): token is required (the secret the sidecar sends)';

const optionsSchema = v.object(
  {
    token: v.pipe(
      v.string(TOKEN_REQUIRED),
      v.minLength(
        MIN_INSTRUMENT_TOKEN_LENGTH,
        `instrument(io, { token }): token must be at least ${MIN_INSTRUMENT_TOKEN_LENGTH} characters`,
      ),
    ),
    node: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(128))),
    namespace: v.optional(
      v.pipe(
        v.string(),
        v.regex(
          /^\/[\w\-./]*$/,
          'must start with "/" and contain only letters, digits, "-", "_", ".", "/"',
        ),
      ),
    ),
    allowRemote: v.optional(v.boolean()),
    trustProxy: v.optional(v.boolean()),
    userOf: v.optional(v.custom<UserOf>(isFunction, 'must be a function')),
    batchIntervalMs: v.optional(v.pipe(v.number(), v.finite())),
    bufferSize: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000_000))),
    maxEventNames: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000))),
    adapterHealth: v.optional(
      v.custom<AdapterHealthReader>(
        isFunction,
        'must be a function returning { kind, up } (e.g. () => ({ kind: "redis", up: true }))',
      ),
    ),
  },
  // A missing key is reported with the object's own message; token is the only required one.
  (issue) =>
    issue.input === undefined
      ? TOKEN_REQUIRED
      : 'instrument(io, options): options must be an object',
);

interface UserData {
  userId?: unknown;
  user?: { id?: unknown } | null;
}

const defaultUserOf: UserOf = (socket) => {
  const data = socket.data as UserData | null | undefined;
  const id = data?.userId ?? data?.user?.id ?? null;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
};

/** Merges defaults once; bad configuration throws with the option's name. */
export function resolveInstrumentOptions(options: InstrumentOptions): ResolvedInstrumentOptions {
  const parsed = v.safeParse(optionsSchema, options ?? {});
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = v.getDotPath(issue) ?? 'options';
    const message = issue.message;
    throw new TypeError(
      message.startsWith('instrument(') ? message : `instrument(io, options): ${path} ${message}`,
    );
  }
  const o = parsed.output;
  if (o.adapterHealth !== undefined) {
    // Read once now so a reader of the wrong shape fails at startup, not as a silent "down".
    const problem = adapterHealthProblem(o.adapterHealth());
    if (problem !== undefined)
      throw new TypeError(`instrument(io, options): adapterHealth ${problem}`);
  }
  return {
    token: o.token,
    node: o.node ?? hostname(),
    namespace: o.namespace ?? INSTRUMENT_NAMESPACE,
    allowRemote: o.allowRemote ?? false,
    trustProxy: o.trustProxy ?? false,
    userOf: o.userOf ?? defaultUserOf,
    batchIntervalMs: Math.min(1000, Math.max(250, o.batchIntervalMs ?? 500)),
    bufferSize: o.bufferSize ?? 10_000,
    maxEventNames: o.maxEventNames ?? MAX_EVENT_NAMES,
    adapterHealth: o.adapterHealth,
  };
}
