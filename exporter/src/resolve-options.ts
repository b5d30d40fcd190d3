import { z } from 'zod';
import { createLogger } from './logger.js';
import { DEFAULTS, type ExporterOptions, type ResolvedOptions } from './options.js';

const schema = z.object({
  target: z.url({ protocol: /^(https?|wss?)$/ }),
  token: z.string().min(1).optional(),
  adminUi: z
    .object({
      user: z.string().min(1),
      password: z.string().min(1),
      namespace: z.string().regex(/^\//, 'must start with /').optional(),
    })
    .optional(),
  node: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits, _ . : - (max 64)')
    .optional(),
  host: z.string().min(1).optional(),
  port: z.number().int().min(0).max(65535).optional(),
  store: z.string().min(1).optional(),
  apiToken: z.string().min(8, 'must be at least 8 characters'),
  retentionDays: z.number().positive().optional(),
  retentionBytes: z
    .number()
    .int()
    .min(1024 * 1024)
    .optional(),
  retentionIntervalMs: z.number().int().positive().optional(),
  reconnectDelayMs: z.number().int().positive().optional(),
  reconnectDelayMaxMs: z.number().int().positive().optional(),
  feedIntervalMs: z.number().int().positive().optional(),
});

/** Thrown for bad configuration; `option` names the field (or flag) that is wrong. */
export class OptionsError extends Error {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`${option}: ${message}`);
    this.name = 'OptionsError';
  }
}

export function resolveOptions(options: ExporterOptions): ResolvedOptions {
  const { logger, ...rest } = options;
  const parsed = schema.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new OptionsError(issue?.path.join('.') || 'options', issue?.message ?? 'invalid');
  }
  const o = parsed.data;
  if (!o.token && !o.adminUi)
    throw new OptionsError('token', 'a target token (or admin-ui credentials) is required');
  if (o.token && o.adminUi)
    throw new OptionsError('token', 'give either a target token or admin-ui credentials, not both');
  return {
    target: o.target.replace(/\/+$/, ''),
    token: o.token,
    adminUi: o.adminUi
      ? {
          user: o.adminUi.user,
          password: o.adminUi.password,
          namespace: o.adminUi.namespace ?? DEFAULTS.adminUiNamespace,
        }
      : undefined,
    node: o.node,
    host: o.host ?? DEFAULTS.host,
    port: o.port ?? DEFAULTS.port,
    store: o.store ?? DEFAULTS.store,
    apiToken: o.apiToken,
    retentionDays: o.retentionDays ?? DEFAULTS.retentionDays,
    retentionBytes: o.retentionBytes ?? DEFAULTS.retentionBytes,
    retentionIntervalMs: o.retentionIntervalMs ?? DEFAULTS.retentionIntervalMs,
    reconnectDelayMs: o.reconnectDelayMs ?? DEFAULTS.reconnectDelayMs,
    reconnectDelayMaxMs: o.reconnectDelayMaxMs ?? DEFAULTS.reconnectDelayMaxMs,
    feedIntervalMs: o.feedIntervalMs ?? DEFAULTS.feedIntervalMs,
    logger: logger ?? createLogger(),
  };
}
