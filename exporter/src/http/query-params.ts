import { TRANSPORTS } from '@sockscope/contracts';
import { z } from 'zod';
import { HttpError } from './api-error.js';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

const text = z.string().min(1).max(256);
/** Epoch milliseconds or an ISO-8601 date. */
const instant = z
  .string()
  .max(64)
  .transform((v, ctx) => {
    const n = /^\d{1,16}$/.test(v) ? Number(v) : Date.parse(v);
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: 'custom', message: 'must be epoch milliseconds or an ISO-8601 date' });
      return z.NEVER;
    }
    return n;
  });
/** Limits above the cap are capped, not refused. */
const limit = z
  .string()
  .regex(/^\d{1,12}$/, 'must be a positive integer')
  .transform(Number)
  .pipe(z.number().int().min(1, 'must be at least 1'))
  .transform((n) => Math.min(n, MAX_LIMIT));
const cursor = z.string().min(1).max(512);
const transport = z.enum(TRANSPORTS);

export const sessionsQuery = z.strictObject({
  user: text.optional(),
  transport: transport.optional(),
  namespace: text.optional(),
  room: text.optional(),
  limit: limit.optional(),
  cursor: cursor.optional(),
});

export const disconnectsQuery = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
  reason: text.optional(),
  user: text.optional(),
  transport: transport.optional(),
  clientVersion: text.optional(),
  limit: limit.optional(),
  cursor: cursor.optional(),
});

export const summaryQuery = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
});

export const noQuery = z.strictObject({});

export const sessionId = z.string().min(1).max(128);

/** Parses a query string with a schema; the first problem becomes 400 naming its parameter. */
export function parseQuery<T extends z.ZodType>(schema: T, params: URLSearchParams): z.output<T> {
  const raw: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key in raw) throw new HttpError(400, 'parameter given more than once', key);
    raw[key] = value;
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    throw new HttpError(400, 'unknown parameter', issue.keys[0] ?? 'query');
  }
  throw new HttpError(400, issue?.message ?? 'invalid', String(issue?.path[0] ?? 'query'));
}
