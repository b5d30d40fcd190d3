import type { LifecycleEvent } from '@sockscope/contracts';

/** A lifecycle event before it gets its sequence number. */
export type UnsequencedEvent = LifecycleEvent extends infer E
  ? E extends LifecycleEvent
    ? Omit<E, 'seq'>
    : never
  : never;

export interface EventsSince {
  events: LifecycleEvent[];
  /** The highest sequence number covered (the last event's, or the gap's). */
  upTo: number;
}

/**
 * The bounded buffer of lifecycle events with their sequence numbers (1, 2, …). Old events
 * fall out; a reader asking for them gets a `gap` event instead, never a silent hole.
 */
export class EventLog {
  private readonly ring: (LifecycleEvent | undefined)[];
  private last = 0;

  constructor(private readonly size: number) {
    this.ring = new Array<LifecycleEvent | undefined>(size);
  }

  /** The highest sequence number assigned (0 before any event). */
  get seq(): number {
    return this.last;
  }

  /** The oldest sequence number still buffered. */
  get oldest(): number {
    return Math.max(1, this.last - this.size + 1);
  }

  append(event: UnsequencedEvent): LifecycleEvent {
    const sequenced = { ...event, seq: ++this.last } as LifecycleEvent;
    this.ring[sequenced.seq % this.size] = sequenced;
    return sequenced;
  }

  /** Events with `seq > after`, at most `limit` of them, led by a gap when some are gone. */
  since(after: number, limit: number): EventsSince {
    const events: LifecycleEvent[] = [];
    let from = after + 1;
    if (from > this.last) return { events, upTo: this.last };
    const oldest = this.oldest;
    if (from < oldest) {
      events.push({ seq: oldest - 1, ts: Date.now(), type: 'gap', from, to: oldest - 1 });
      from = oldest;
    }
    const to = Math.min(this.last, from + limit - 1);
    for (let seq = from; seq <= to; seq++) {
      const event = this.ring[seq % this.size];
      if (event !== undefined) events.push(event);
    }
    return { events, upTo: to };
  }
}
