import { hostname } from 'node:os';
import { z } from 'zod';
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

const optionsSchema = z.object({
  token: z
    .string({
      error: 'instrument(io, { token }): token is required (the secret the sidecar sends)',
    })
    .min(MIN_INSTRUMENT_TOKEN_LENGTH, {
      error: `instrument(io, { token }): token must be at least ${MIN_INSTRUMENT_TOKEN_LENGTH} characters`,
    }),
  node: z.string().min(1).max(128).optional(),
  namespace: z
    .string()
    .regex(/^\/[\w\-./]*$/, {
      error: 'must start with "/" and contain only letters, digits, "-", "_", ".", "/"',
    })
    .optional(),
  allowRemote: z.boolean().optional(),
  trustProxy: z.boolean().optional(),
  userOf: z
    .custom<UserOf>((value) => typeof value === 'function', { error: 'must be a function' })
    .optional(),
  batchIntervalMs: z.number().finite().optional(),
  bufferSize: z.number().int().min(1).max(10_000_000).optional(),
  maxEventNames: z.number().int().min(1).max(10_000).optional(),
  adapterHealth: z
    .custom<AdapterHealthReader>((value) => typeof value === 'function', {
      error: 'must be a function returning { kind, up } (e.g. () => ({ kind: "redis", up: true }))',
    })
    .optional(),
});

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
  const parsed = optionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') || 'options';
    const message = issue?.message ?? 'invalid';
    throw new TypeError(
      message.startsWith('instrument(') ? message : `instrument(io, options): ${path} ${message}`,
    );
  }
  const o = parsed.data;
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
