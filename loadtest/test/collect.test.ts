import { describe, expect, it } from 'vitest';
import { histogramQuantile } from '../src/gate/collect/histogram.js';
import { counterDelta } from '../src/gate/collect/exporter-collector.js';
import { parsePromText, sumBy } from '../src/gate/collect/prom-text.js';
import { SeqTracker } from '../src/processor/seq-tracker.js';

const before = `# HELP socketio_disconnects_total x
# TYPE socketio_disconnects_total counter
socketio_disconnects_total{node="a",reason="ping timeout",transport="websocket"} 2
socketio_disconnects_total{node="b",reason="transport close",transport="polling"} 5
`;
const after = `socketio_disconnects_total{node="a",reason="ping timeout",transport="websocket"} 7
socketio_disconnects_total{node="b",reason="transport close",transport="polling"} 5
socketio_disconnects_total{node="b",reason="a \\"quoted\\" one",transport="polling"} 1
socketio_disconnects_total{node="c",reason="transport close",transport="websocket"} 3
`;

describe('exporter counters', () => {
  it('parses the exposition format with escaped label values', () => {
    const samples = parsePromText(after);
    expect(samples).toHaveLength(4);
    expect(samples[2]?.labels['reason']).toBe('a "quoted" one');
  });

  it('takes the exact increase per series and groups it by label', () => {
    const delta = counterDelta(parsePromText(before), parsePromText(after));
    expect(sumBy(delta, 'socketio_disconnects_total', 'reason')).toEqual({ 'ping timeout': 5, 'transport close': 3, 'a "quoted" one': 1 });
  });

  it('counts a reset counter (restarted node) from zero', () => {
    const delta = counterDelta(parsePromText('x_total 10\n'), parsePromText('x_total 4\n'));
    expect(delta[0]?.value).toBe(4);
  });

  it('interpolates histogram quantiles like histogram_quantile()', () => {
    const buckets = [
      { le: 0.01, count: 50 },
      { le: 0.1, count: 100 },
      { le: Infinity, count: 100 },
    ];
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.01);
    expect(histogramQuantile(0.75, buckets)).toBeCloseTo(0.055);
    expect(histogramQuantile(0.5, [{ le: Infinity, count: 0 }])).toBeNull();
  });
});

describe('seq tracker', () => {
  it('counts gaps and duplicates inside the window, not at its ambiguous edges', () => {
    const t = new SeqTracker(100);
    t.joined('r', 1000);
    t.record('r', 4, 1050); // before join + grace: ignored
    for (const seq of [5, 6, 8, 9, 9, 10]) t.record('r', seq, 1000 + seq * 100);
    t.record('r', 30, 4950); // after leave - grace: ignored
    expect(t.counts(5000)).toEqual({ lost: 1, duplicated: 1, judged: 6 });
  });
});
