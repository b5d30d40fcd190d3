import { describe, expect, it } from 'vitest';
import { nodeSample, rate } from '../lib/metrics/node-sample';
import { parsePrometheusText } from '../lib/metrics/parse-prometheus';
import { overviewSeries } from '../lib/live/overview-series';
import { applyDelta, filterRows, SortedView, sortRows } from '../lib/live/session-table';
import type { SessionRow } from '../lib/live/protocol';

describe('Prometheus text', () => {
  it('parses names, labels with escapes, and values', () => {
    const samples = parsePrometheusText(
      [
        '# HELP x y',
        'socketio_connected_clients{node="n1",transport="websocket"} 12',
        'socketio_disconnects_total{node="n1",reason="server shutting down",transport="polling"} 3',
        'odd{a="x\\"y,z"} 1.5e3',
        'bare 7',
        'socketio_ping_rtt_seconds_bucket{node="n1",le="+Inf"} 4',
      ].join('\n'),
    );
    expect(samples).toHaveLength(5);
    expect(samples[1]).toEqual({
      name: 'socketio_disconnects_total',
      labels: { node: 'n1', reason: 'server shutting down', transport: 'polling' },
      value: 3,
    });
    expect(samples[2]!.labels.a).toBe('x"y,z');
    expect(samples[2]!.value).toBe(1500);
    expect(samples[3]).toEqual({ name: 'bare', labels: {}, value: 7 });
  });

  it('reduces to a node sample, and rates survive counter resets', () => {
    const s = nodeSample(
      parsePrometheusText(
        'socketio_connected_clients{node="n",transport="websocket"} 5\nsocketio_connected_clients{node="n",transport="polling"} 2\nsockscope_target_up{node="n"} 1\nsocketio_bytes_total{node="n",direction="in"} 100',
      ),
      0,
    );
    expect(s).toMatchObject({
      connected: 7,
      byTransport: { websocket: 5, polling: 2 },
      targetUp: true,
      bytesIn: 100,
    });
    expect(rate(10, 30, 2)).toBe(10);
    expect(rate(30, 4, 2)).toBe(2);
    expect(rate(undefined, 4, 2)).toBe(0);
  });
});

describe('overview series', () => {
  it('sums nodes and accumulates reason totals', () => {
    const tick = (t: number, r: number) => ({
      t,
      nodes: {
        a: {
          up: true,
          connected: 3,
          connectsPerSec: 1,
          disconnectsPerSec: r,
          disconnectsByReason: { 'server shutting down': r },
          messagesInPerSec: 0,
          messagesOutPerSec: 0,
          bytesInPerSec: 0,
          bytesOutPerSec: 0,
          handshakeErrorsPerSec: 0,
        },
        b: {
          up: true,
          connected: 4,
          connectsPerSec: 1,
          disconnectsPerSec: 0,
          disconnectsByReason: {},
          messagesInPerSec: 2,
          messagesOutPerSec: 0,
          bytesInPerSec: 0,
          bytesOutPerSec: 0,
          handshakeErrorsPerSec: 0,
        },
      },
    });
    const s = overviewSeries([tick(0, 0), tick(1000, 5), tick(2000, 5)]);
    expect(s.nodes).toEqual(['a', 'b']);
    expect(s.connected[0]).toEqual({ t: 0, a: 3, b: 4 });
    expect(s.reasonTotals['server shutting down']).toBe(10);
    expect(s.flow[1]!.connects).toBe(2);
  });
});

describe('overview totals from cumulative counters', () => {
  it('counts exactly the increments between ticks, across a counter reset', () => {
    const base = {
      up: true,
      connected: 0,
      connectsPerSec: 0,
      disconnectsPerSec: 0,
      messagesInPerSec: 0,
      messagesOutPerSec: 0,
      bytesInPerSec: 0,
      bytesOutPerSec: 0,
      handshakeErrorsPerSec: 0,
    };
    const tick = (t: number, c: Record<string, number>) => ({
      t,
      nodes: { n: { ...base, disconnectsByReason: { x: 99 }, disconnectsCumulative: c } },
    });
    const s = overviewSeries([
      tick(0, { 'transport close': 4 }),
      tick(1000, { 'transport close': 9 }),
      tick(1500, { 'transport close': 9, 'server shutting down': 3 }),
      tick(2000, { 'transport close': 2 }),
    ]);
    expect(s.reasonTotals).toEqual({ 'transport close': 7, 'server shutting down': 3, x: 0 });
  });
});

describe('session table', () => {
  const row = (
    node: string,
    id: string,
    user: string,
    t: number,
    transport = 'websocket',
    rooms: string[] = [],
  ): SessionRow => [`${node}\u0000${id}`, id, node, user, transport, '/', rooms, t, null];
  it('applies deltas, filters and sorts', () => {
    const rows = new Map<string, SessionRow>();
    applyDelta(rows, {
      resetNodes: [],
      add: [
        row('a', '1', 'u1', 3),
        row('a', '2', 'u2', 1, 'polling', ['r1']),
        row('b', '3', 'u1', 2),
      ],
      remove: [],
    });
    applyDelta(rows, { resetNodes: [], add: [], remove: ['a\u00002'] });
    expect(rows.size).toBe(2);
    applyDelta(rows, {
      resetNodes: ['b'],
      add: [row('a', '4', 'x', 5, 'polling', ['r1'])],
      remove: [],
    });
    expect([...rows.keys()].sort()).toEqual(['a\u00001', 'a\u00004']);
    const f = { user: '', node: '', transport: 'polling', namespace: '', room: 'r1' };
    expect(filterRows(rows.values(), f).map((r) => r[1])).toEqual(['4']);
    expect(
      filterRows(rows.values(), { ...f, transport: '', room: '', user: 'U1' }).map((r) => r[1]),
    ).toEqual(['1']);
    expect(sortRows([...rows.values()], 'connectedAt', true).map((r) => r[1])).toEqual(['4', '1']);
    expect(sortRows([...rows.values()], 'user', false).map((r) => r[3])).toEqual(['u1', 'x']);
  });
});

describe('sorted view', () => {
  const row = (id: string, t: number, user = 'u'): SessionRow => [
    `n\u0000${id}`,
    id,
    'n',
    user,
    'websocket',
    '/',
    [],
    t,
    null,
  ];
  it('merges live changes into the sorted, filtered list like a full rebuild would', () => {
    const rows = new Map<string, SessionRow>();
    const start = [row('a', 5), row('b', 3), row('c', 9, 'x')];
    applyDelta(rows, { resetNodes: [], add: start, remove: [] });
    const f = { user: 'u', node: '', transport: '', namespace: '', room: '' };
    const view = new SortedView(rows, f, { key: 'connectedAt', desc: true });
    expect(view.current().map((r) => r[1])).toEqual(['a', 'b']);
    const deltas = [
      { resetNodes: [], add: [row('d', 4), row('e', 10, 'x'), row('f', 1)], remove: ['n\u0000a'] },
      { resetNodes: [], add: [row('b', 7)], remove: [] },
      { resetNodes: [], add: [row('g', 6), row('g', 2)], remove: [] },
    ];
    for (const d of deltas) {
      applyDelta(rows, d);
      view.noteDelta(d);
    }
    const incremental = view.current().map((r) => r[1]);
    const full = sortRows(filterRows(rows.values(), f), 'connectedAt', true).map((r) => r[1]);
    expect(incremental).toEqual(full);
    expect(incremental).toEqual(['b', 'd', 'g', 'f']);
    const same = view.current();
    expect(view.current()).toBe(same);
    const reset = { resetNodes: ['n'], add: [row('z', 1)], remove: [] };
    applyDelta(rows, reset);
    view.noteDelta(reset);
    expect(view.current().map((r) => r[1])).toEqual(['z']);
  });
});
