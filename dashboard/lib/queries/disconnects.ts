/**
 * Disconnect events across all exporters: merged newest first, with the breakdowns the page
 * draws. Each exporter is paged through its cursor up to a cap, so one slow node cannot hold
 * the page forever.
 */
import type { DisconnectRecord } from '@sockscope/contracts';
import type { ExporterClient, Query } from '../exporters/exporter-client';
import { fanOut } from '../exporters/fan-out';
import type { DisconnectFilters } from './disconnect-filters';
import { durationBucket } from './duration-bucket';

export interface DisconnectsResult {
  items: DisconnectRecord[];
  /** True when more matched than `limit`. */
  truncated: boolean;
  missing: string[];
  partial: boolean;
  nodes: string[];
}

export interface Breakdowns {
  total: number;
  byReason: Record<string, number>;
  byNode: Record<string, number>;
  byTransport: Record<string, number>;
  byClientVersion: Record<string, number>;
  byDurationBucket: Record<string, number>;
  /** Buckets of time, each with counts by reason. */
  overTime: { t: number; [reason: string]: number }[];
  reasons: string[];
}

/** The exporter query for these filters (the node filter is applied by choosing exporters). */
export function exporterQuery(f: DisconnectFilters): Query {
  return {
    from: f.from,
    to: f.to,
    reason: f.reason,
    user: f.user,
    transport: f.transport,
    clientVersion: f.clientVersion,
  };
}

const PAGE = 500;

async function collect(
  client: ExporterClient,
  f: DisconnectFilters,
  limit: number,
): Promise<{ items: DisconnectRecord[]; more: boolean }> {
  const items: DisconnectRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await client.disconnects({
      ...exporterQuery(f),
      limit: Math.min(PAGE, limit - items.length),
      cursor,
    });
    for (const r of page.items) if (matchesLocal(r, f)) items.push(r);
    cursor = page.nextCursor;
  } while (cursor && items.length < limit);
  return { items, more: cursor !== null };
}

/** Filters the exporter cannot apply itself. */
function matchesLocal(r: DisconnectRecord, f: DisconnectFilters): boolean {
  if (f.durationBucket && durationBucket(r.durationMs) !== f.durationBucket) return false;
  return true;
}

export async function queryDisconnects(
  clients: readonly ExporterClient[],
  f: DisconnectFilters,
): Promise<DisconnectsResult> {
  const chosen = f.node ? clients.filter((c) => c.node === f.node) : clients;
  const out = await fanOut(chosen, (c) => collect(c, f, f.limit));
  const items = out.results.flatMap((r) => r.value.items);
  items.sort((a, b) => b.disconnectedAt - a.disconnectedAt);
  const truncated = items.length > f.limit || out.results.some((r) => r.value.more);
  return {
    items: items.slice(0, f.limit),
    truncated,
    missing: out.missing,
    partial: out.partial,
    nodes: chosen.map((c) => c.node),
  };
}

function bump(map: Record<string, number>, key: string) {
  map[key] = (map[key] ?? 0) + 1;
}

/** Breakdowns of a set of disconnect records, with `buckets` time buckets between from and to. */
export function breakdowns(
  items: readonly DisconnectRecord[],
  from: number,
  to: number,
  buckets = 30,
): Breakdowns {
  const b: Breakdowns = {
    total: items.length,
    byReason: {},
    byNode: {},
    byTransport: {},
    byClientVersion: {},
    byDurationBucket: {},
    overTime: [],
    reasons: [],
  };
  const width = Math.max(1000, Math.ceil((to - from) / buckets));
  const slots = new Map<number, Record<string, number>>();
  for (let t = from; t < to; t += width) slots.set(t, {});
  for (const r of items) {
    bump(b.byReason, r.reason);
    bump(b.byNode, r.node);
    bump(b.byTransport, r.transport);
    bump(b.byClientVersion, r.clientVersion ?? 'unknown');
    bump(b.byDurationBucket, durationBucket(r.durationMs));
    const slot = from + Math.floor((r.disconnectedAt - from) / width) * width;
    const counts = slots.get(slot);
    if (counts) bump(counts, r.reason);
  }
  b.reasons = Object.keys(b.byReason).sort((x, y) => (b.byReason[y] ?? 0) - (b.byReason[x] ?? 0));
  b.overTime = [...slots.entries()].map(([t, counts]) => ({ t, ...counts }));
  return b;
}
