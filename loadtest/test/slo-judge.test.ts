import { describe, expect, it } from 'vitest';
import { judge } from '../src/gate/judge.js';
import { resolveMetric } from '../src/gate/metric-ref.js';
import type { ClientNumbers, GateReport, ServerNumbers, Summary } from '../src/gate/report-types.js';
import { parseSlo } from '../src/gate/slo.js';

const summary = (p50: number, p99: number): Summary => ({ min: 0, max: p99, count: 10, mean: p50, p50, median: p50, p75: p50, p90: p99, p95: p99, p99, p999: p99 });

const client: ClientNumbers = {
  counters: { 'vusers.failed': 0, 'sockscope.messages_lost': 2 },
  summaries: { 'sockscope.delivery_latency': summary(12, 80) },
  derived: { recovered_ratio: 0.995, reconnect_ratio: null },
};

const server: ServerNumbers = {
  source: 'exporters',
  nodes: ['a', 'b'],
  connections: 40,
  disconnects: { 'ping timeout': 3, 'client namespace disconnect': 37 },
  handshakeErrors: {},
  connectErrors: {},
  recoveries: { recovered: 5 },
  clientReportedDisconnects: {},
  eventLoopDelay: { p50: 1, p99: 4.5, max: 9 },
  pingRtt: { p50: 0.4, p99: 2, count: 10 },
  peakConnected: 40,
  memory: { rssBytes: 1000, heapUsedBytes: null },
};

describe('SLO file', () => {
  it('reads short and long objective forms and regression bounds', () => {
    const slo = parseSlo(
      [
        'objectives:',
        '  - delivery_latency.p99 < 250',
        '  - { name: lossless, expr: "messages_lost == 0" }',
        '  - { metric: \'server.disconnects{reason="ping timeout"}\', op: "==", value: 0 }',
        'regressions:',
        '  - { metric: delivery_latency.p99, max_increase: 20% }',
        '  - { metric: recovered_ratio, max_decrease: 0.01 }',
      ].join('\n'),
    );
    expect(slo.objectives.map((o) => [o.metric, o.op, o.value])).toEqual([
      ['delivery_latency.p99', '<', 250],
      ['messages_lost', '==', 0],
      ['server.disconnects{reason="ping timeout"}', '==', 0],
    ]);
    expect(slo.objectives[1]?.name).toBe('lossless');
    expect(slo.regressions[0]?.maxIncrease).toEqual({ amount: 0.2, relative: true });
    expect(slo.regressions[1]?.maxDecrease).toEqual({ amount: 0.01, relative: false });
  });

  it('names what is wrong in a bad file', () => {
    expect(() => parseSlo('objectives: []')).toThrow(/objectives/);
    expect(() => parseSlo('objectives: ["latency is fine"]')).toThrow(/expected "<metric> <op> <number>"/);
    expect(() => parseSlo('objectives: ["a < 1"]\nregressions: [{ metric: a }]')).toThrow(/max_increase or max_decrease/);
    expect(() => parseSlo('objectives: ["a < 1"]\nextra: 1')).toThrow(/invalid SLO/);
    expect(() => parseSlo('objectives: [ {')).toThrow(/invalid SLO file: not YAML/);
  });
});

describe('metric references', () => {
  it('resolves client summaries, counters, ratios and server numbers', () => {
    expect(resolveMetric('delivery_latency.p99', client, server).value).toBe(80);
    expect(resolveMetric('messages_lost', client, server).value).toBe(2);
    expect(resolveMetric('messages_duplicated', client, server).value).toBe(0);
    expect(resolveMetric('recovered_ratio', client, server).value).toBe(0.995);
    expect(resolveMetric('reconnect_ratio', client, server).value).toBeNull();
    expect(resolveMetric('connect_time.p99', client, server).value).toBeNull();
    expect(resolveMetric('server.disconnects', client, server).value).toBe(40);
    expect(resolveMetric('server.disconnects{reason="ping timeout"}', client, server).value).toBe(3);
    expect(resolveMetric('server.disconnects{reason="parse error"}', client, server).value).toBe(0);
    expect(resolveMetric('server.event_loop_delay.p99', client, server).value).toBe(4.5);
    expect(resolveMetric('server.ping_rtt.p99', client, server).value).toBe(2);
    expect(resolveMetric('server.disconnects', client, null).missing).toMatch(/--exporters/);
  });
});

describe('judge', () => {
  it('holds, breaks with value and bound, and breaks on missing data', () => {
    const slo = parseSlo('objectives:\n  - delivery_latency.p99 < 250\n  - messages_lost == 0\n  - connect_time.p99 < 100\n');
    const [latency, lost, connect] = judge(slo, client, server, null);
    expect(latency?.holds).toBe(true);
    expect(lost?.holds).toBe(false);
    expect(lost?.message).toBe('messages_lost = 2 (bound == 0)');
    expect(connect?.holds).toBe(false);
    expect(connect?.message).toMatch(/no value/);
  });

  it('bounds regressions against a baseline report', () => {
    const slo = parseSlo('objectives: ["vusers.failed == 0"]\nregressions:\n  - { metric: delivery_latency.p99, max_increase: 20% }\n');
    const baselineOf = (p99: number): GateReport =>
      ({ version: 1, client: { ...client, summaries: { 'sockscope.delivery_latency': summary(10, p99) } }, server }) as unknown as GateReport;
    const held = judge(slo, client, server, baselineOf(70));
    expect(held[1]?.holds).toBe(true);
    const broken = judge(slo, client, server, baselineOf(60));
    expect(broken[1]?.holds).toBe(false);
    expect(broken[1]?.message).toBe('delivery_latency.p99 = 80 (bound <= 72)');
  });
});
