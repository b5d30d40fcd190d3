import type { LifecycleEvent, SessionRecord } from '@sockscope/contracts';

/** At most this many events are kept per live session (the connect event is always kept). */
const MAX_EVENTS_PER_SESSION = 50;

export interface LiveEntry {
  /** Insertion order; the API's cursor for live sessions. */
  ord: number;
  session: SessionRecord;
  events: LifecycleEvent[];
}

export interface LiveFilter {
  user?: string;
  transport?: string;
  namespace?: string;
  room?: string;
}

/** Live sessions indexed by id and by user (O(1) lookups for `/api/sessions?user=`). */
export class LiveSessions {
  private readonly byId = new Map<string, LiveEntry>();
  private readonly byUser = new Map<string, Map<string, LiveEntry>>();
  private readonly transportCounts = new Map<string, number>();
  private nextOrd = 1;

  get size(): number {
    return this.byId.size;
  }

  get(id: string): LiveEntry | undefined {
    return this.byId.get(id);
  }

  clear(): void {
    this.byId.clear();
    this.byUser.clear();
    this.transportCounts.clear();
  }

  add(session: SessionRecord, event?: LifecycleEvent): void {
    this.remove(session.id);
    const entry: LiveEntry = { ord: this.nextOrd++, session, events: event ? [event] : [] };
    this.byId.set(session.id, entry);
    if (session.user !== null) {
      let set = this.byUser.get(session.user);
      if (!set) this.byUser.set(session.user, (set = new Map()));
      set.set(session.id, entry);
    }
    this.bump(session.transport, 1);
  }

  remove(id: string): LiveEntry | undefined {
    const entry = this.byId.get(id);
    if (!entry) return undefined;
    this.byId.delete(id);
    const user = entry.session.user;
    if (user !== null) {
      const set = this.byUser.get(user);
      set?.delete(id);
      if (set && set.size === 0) this.byUser.delete(user);
    }
    this.bump(entry.session.transport, -1);
    return entry;
  }

  setTransport(id: string, transport: SessionRecord['transport'], event: LifecycleEvent): void {
    const entry = this.byId.get(id);
    if (!entry || entry.session.transport === transport) return;
    this.bump(entry.session.transport, -1);
    entry.session.transport = transport;
    if (!entry.session.upgrades.includes(transport)) entry.session.upgrades.push(transport);
    this.bump(transport, 1);
    this.pushEvent(entry, event);
  }

  setRooms(id: string, rooms: string[], event: LifecycleEvent): void {
    const entry = this.byId.get(id);
    if (!entry) return;
    entry.session.rooms = rooms;
    this.pushEvent(entry, event);
  }

  /** Connected sessions per transport. */
  transports(): ReadonlyMap<string, number> {
    return this.transportCounts;
  }

  /** Sessions matching the filter with `ord` greater than `after`, in insertion order. */
  list(filter: LiveFilter, limit: number, after: number): { items: LiveEntry[]; more: boolean } {
    const source =
      filter.user !== undefined
        ? (this.byUser.get(filter.user)?.values() ?? [].values())
        : this.byId.values();
    const items: LiveEntry[] = [];
    for (const entry of source) {
      if (entry.ord <= after) continue;
      const s = entry.session;
      if (filter.transport !== undefined && s.transport !== filter.transport) continue;
      if (filter.namespace !== undefined && s.namespace !== filter.namespace) continue;
      if (filter.room !== undefined && !s.rooms.includes(filter.room)) continue;
      if (items.length === limit) return { items, more: true };
      items.push(entry);
    }
    return { items, more: false };
  }

  /** The user's live sessions. */
  ofUser(user: string): LiveEntry[] {
    return [...(this.byUser.get(user)?.values() ?? [])];
  }

  private pushEvent(entry: LiveEntry, event: LifecycleEvent): void {
    if (entry.events.length >= MAX_EVENTS_PER_SESSION) entry.events.splice(1, 1);
    entry.events.push(event);
  }

  private bump(transport: string, by: number): void {
    const next = (this.transportCounts.get(transport) ?? 0) + by;
    if (next <= 0) this.transportCounts.delete(transport);
    else this.transportCounts.set(transport, next);
  }
}
