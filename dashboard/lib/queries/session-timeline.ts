/**
 * One session's story across the cluster: its own timeline from the exporter that knows it,
 * the same user's sessions on every node, and the reconnect that followed its disconnect.
 */
import type { LifecycleEvent, SessionRecord } from '@sockscope/contracts';
import type { ExporterClient } from '../exporters/exporter-client';
import { fanOut } from '../exporters/fan-out';

export interface Reconnect {
  session: SessionRecord;
  /** Milliseconds between the disconnect and the next connect. */
  afterMs: number;
  recovered: boolean;
  /** The client's reason for the disconnect, as it reported it on reconnect. */
  clientReason: string | null;
}

export interface SessionStory {
  session: SessionRecord;
  events: LifecycleEvent[];
  /** The same user's sessions on every node, newest first. */
  chain: SessionRecord[];
  reconnect: Reconnect | null;
  missing: string[];
  partial: boolean;
}

export async function querySessionStory(
  clients: readonly ExporterClient[],
  id: string,
): Promise<SessionStory | null> {
  const found = await fanOut(clients, (c) => c.session(id));
  const hit = found.results.find((r) => r.value !== null)?.value;
  if (!hit) return null;
  const user = hit.session.user;
  const missing = new Set(found.missing);
  let chain: SessionRecord[] = hit.chain;
  if (user) {
    const [live, closed] = await Promise.all([
      fanOut(clients, (c) => c.sessions({ user, limit: 200 })),
      fanOut(clients, (c) => c.disconnects({ user, limit: 200 })),
    ]);
    live.missing.forEach((m) => missing.add(m));
    closed.missing.forEach((m) => missing.add(m));
    const byId = new Map<string, SessionRecord>();
    for (const s of [
      ...hit.chain,
      ...closed.results.flatMap((r) => r.value.items),
      ...live.results.flatMap((r) => r.value.items),
    ]) {
      byId.set(s.id, s);
    }
    byId.set(hit.session.id, hit.session);
    chain = [...byId.values()].sort((a, b) => b.connectedAt - a.connectedAt);
  }
  return {
    session: hit.session,
    events: hit.events,
    chain,
    reconnect: findReconnect(hit.session, chain),
    missing: [...missing],
    partial: missing.size > 0,
  };
}

/** The session that followed this one: the one naming it as previous, else the user's next connect. */
export function findReconnect(
  session: SessionRecord,
  chain: readonly SessionRecord[],
): Reconnect | null {
  if (session.disconnectedAt === null) return null;
  const named = chain.find((s) => s.lastDisconnect?.previousId === session.id);
  const next =
    named ??
    [...chain]
      .filter((s) => s.id !== session.id && s.connectedAt >= session.disconnectedAt!)
      .sort((a, b) => a.connectedAt - b.connectedAt)[0];
  if (!next) return null;
  return {
    session: next,
    afterMs: next.lastDisconnect?.gapMs ?? Math.max(0, next.connectedAt - session.disconnectedAt),
    recovered: next.recovered,
    clientReason:
      next.lastDisconnect?.previousId === session.id ? next.lastDisconnect.reason : null,
  };
}
