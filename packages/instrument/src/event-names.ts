import { OTHER_LABEL } from '@sockscope/contracts';
import { decodeEscapedName, spanIs } from './packet-header.js';

/** In/out counts of one event name in one namespace. */
export class EventCounter {
  in = 0;
  out = 0;
  constructor(readonly name: string) {}
}

/**
 * The event counters of one namespace, capped: the first `cap` distinct names get their own
 * counter, every later name is counted as `other`, so labels stay bounded.
 */
export class NamespaceEvents {
  readonly names = new Map<string, EventCounter>();
  readonly other = new EventCounter(OTHER_LABEL);
  /** The last counter hit per direction: repeated names are matched in place, allocating nothing. */
  private lastIn: EventCounter;
  private lastOut: EventCounter;

  constructor(
    readonly namespace: string,
    private readonly cap: number,
  ) {
    this.lastIn = this.other;
    this.lastOut = this.other;
  }

  /** The counter of the event whose name sits at `start..end` of `data` (an incoming packet). */
  incoming(data: string, start: number, end: number, escaped: boolean): EventCounter {
    const last = this.lastIn;
    if (!escaped && start !== -1 && spanIs(data, start, end, last.name)) return last;
    return (this.lastIn = this.lookup(data, start, end, escaped));
  }

  /** The counter of an outgoing event, named as Socket.IO built it (null: not a string). */
  outgoingName(name: unknown): EventCounter {
    const last = this.lastOut;
    if (name === last.name) return last;
    return (this.lastOut = this.counterFor(typeof name === 'string' ? name : null));
  }

  /** Counts an event by name (binary payloads, tests). */
  counterFor(name: string | null): EventCounter {
    if (name === null || name === OTHER_LABEL) return this.other;
    const known = this.names.get(name);
    if (known !== undefined) return known;
    if (this.names.size >= this.cap) return this.other;
    const counter = new EventCounter(name);
    this.names.set(name, counter);
    return counter;
  }

  private lookup(data: string, start: number, end: number, escaped: boolean): EventCounter {
    if (start === -1) return this.other;
    const name = escaped ? decodeEscapedName(data, start, end) : data.slice(start, end);
    return this.counterFor(name);
  }
}
