/** The Disconnects page's filters, validated the same way for pages, route handlers and CSV. */
import { z } from 'zod';

export const RANGES = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
} as const;
export type RangeKey = keyof typeof RANGES;

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

const epoch = z.coerce.number().int().min(0).max(8_640_000_000_000).optional();

export const disconnectFiltersSchema = z
  .object({
    range: z.enum(Object.keys(RANGES) as [RangeKey, ...RangeKey[]]).optional(),
    from: epoch,
    to: epoch,
    reason: text(64),
    user: text(200),
    node: text(100),
    transport: z.enum(['polling', 'websocket', 'webtransport']).optional(),
    clientVersion: text(64),
    durationBucket: text(32),
    limit: z.coerce.number().int().min(1).max(100_000).optional(),
  })
  .refine((v) => v.from === undefined || v.to === undefined || v.from <= v.to, {
    message: 'from must not be after to',
    path: ['from'],
  });

export type DisconnectFiltersInput = z.input<typeof disconnectFiltersSchema>;

export interface DisconnectFilters {
  from: number;
  to: number;
  range: RangeKey | null;
  reason?: string | undefined;
  user?: string | undefined;
  node?: string | undefined;
  transport?: 'polling' | 'websocket' | 'webtransport' | undefined;
  clientVersion?: string | undefined;
  durationBucket?: string | undefined;
  limit: number;
}

export type ParseResult<T> =
  { ok: true; value: T } | { ok: false; parameter: string; error: string };

/** Parses filters from query parameters (unknown ones are ignored; the first wrong one is named). */
export function parseDisconnectFilters(
  params: URLSearchParams | Record<string, string | string[] | undefined>,
  now = Date.now(),
  defaultLimit = 1000,
): ParseResult<DisconnectFilters> {
  const raw: Record<string, string> = {};
  const entries =
    params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [k, v] of entries) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined && first !== '') raw[k] = first;
  }
  const parsed = disconnectFiltersSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const parameter = String(issue?.path[0] ?? 'query');
    return { ok: false, parameter, error: `invalid ${parameter}` };
  }
  const v = parsed.data;
  const range: RangeKey | null = v.from !== undefined ? null : (v.range ?? '1h');
  const to = v.to ?? now;
  const from = v.from ?? to - RANGES[range ?? '1h'];
  return {
    ok: true,
    value: {
      from,
      to,
      range,
      reason: v.reason,
      user: v.user,
      node: v.node,
      transport: v.transport,
      clientVersion: v.clientVersion,
      durationBucket: v.durationBucket,
      limit: v.limit ?? defaultLimit,
    },
  };
}

/** Query parameters that reproduce these filters (for links and the CSV export). */
export function filtersToSearch(
  f: Partial<DisconnectFilters>,
  overrides: Partial<DisconnectFilters> = {},
): string {
  const merged = { ...f, ...overrides };
  const q = new URLSearchParams();
  if (merged.range) q.set('range', merged.range);
  else {
    if (merged.from !== undefined) q.set('from', String(merged.from));
    if (merged.to !== undefined) q.set('to', String(merged.to));
  }
  for (const key of [
    'reason',
    'user',
    'node',
    'transport',
    'clientVersion',
    'durationBucket',
  ] as const) {
    const v = merged[key];
    if (v) q.set(key, v);
  }
  return q.toString();
}
