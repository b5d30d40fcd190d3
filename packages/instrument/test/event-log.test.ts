import { describe, expect, it } from 'vitest';
import { EventLog } from '../src/event-log.js';
import { Histogram } from '../src/histogram.js';

const event = (n: number) => ({ ts: n, type: 'rooms' as const, id: `s${n}`, rooms: [] });

describe('the bounded event log', () => {
  it('numbers events from 1 and replays those after a sequence number', () => {
    const log = new EventLog(10);
    expect(log.seq).toBe(0);
    for (let i = 0; i < 5; i++) log.append(event(i));
    expect(log.since(2, 100).events.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(log.since(5, 100)).toEqual({ events: [], upTo: 5 });
  });

  it('leads with a gap when the wanted events are gone, never a silent hole', () => {
    const log = new EventLog(3);
    for (let i = 0; i < 10; i++) log.append(event(i));
    const { events, upTo } = log.since(2, 100);
    expect(events[0]).toMatchObject({ type: 'gap', from: 3, to: 7, seq: 7 });
    expect(events.slice(1).map((e) => e.seq)).toEqual([8, 9, 10]);
    expect(upTo).toBe(10);
  });

  it('cuts long replays into chunks', () => {
    const log = new EventLog(100);
    for (let i = 0; i < 50; i++) log.append(event(i));
    const first = log.since(0, 20);
    expect(first.events).toHaveLength(20);
    expect(first.upTo).toBe(20);
    expect(log.since(first.upTo, 20).events[0]!.seq).toBe(21);
  });
});

describe('histograms', () => {
  it('keeps cumulative le buckets, count and sum', () => {
    const h = new Histogram([1, 5, 10]);
    for (const v of [0.5, 1, 3, 20]) h.observe(v);
    expect(h.state()).toEqual({ buckets: [1, 5, 10], counts: [2, 3, 3], sum: 24.5, count: 4 });
  });
});
