import { spawnSync } from 'node:child_process';
import { METRICS } from '@sockscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exporter } from '../src/index.js';
import { observe, sessionDurationHistogram } from '../src/target/empty-state.js';
import {
  sessionRecord,
  startFakeInstrument,
  type FakeInstrument,
} from './support/fake-instrument.js';
import { getText, metricSum, parseMetrics } from './support/http.js';
import { requireBinary } from './support/require-binary.js';
import { startExporter } from './support/running-exporter.js';
import { waitFor } from './support/wait-for.js';

const TOKEN = 'target-token-0123456789';
let target: FakeInstrument;
let exporter: Exporter;

function promtoolCheck(promtool: string, text: string): { status: number | null; output: string } {
  const r = spawnSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() };
}

beforeAll(async () => {
  target = await startFakeInstrument({ token: TOKEN, node: 'node-a' });
  // Every counter family filled, as a busy node would.
  const c = target.state.counters;
  Object.assign(c.connections, { websocket: 7, polling: 3 });
  Object.assign(c.disconnects, {
    'transport close\u0000websocket': 4,
    'ping timeout\u0000polling': 1,
    'weird\u0000websocket': 2,
  });
  Object.assign(c.handshakeErrors, { '1': 2, '3': 1 });
  Object.assign(c.connectErrors, { '/\u0000invalid token': 5 });
  Object.assign(c.events, { '/\u0000room:join\u0000in': 9, '/\u0000room:message\u0000out': 12 });
  Object.assign(c.bytes, { in: 1000, out: 2000 });
  Object.assign(c.recoveries, { recovered: 1, failed: 2 });
  Object.assign(c.clientReportedDisconnects, { 'ping timeout': 1 });
  const h = (target.state.sessionDuration['transport close'] = sessionDurationHistogram());
  for (const v of [0.5, 3, 70, 4000]) observe(h, v);
  for (const v of [0.002, 0.02]) observe(target.state.pingRtt, v);
  target.state.health.eventLoopDelay = { p50: 0.01, p90: 0.02, p99: 0.05, max: 0.1 };
  target.state.health.adapter = { kind: 'redis', up: true };
  target.emit([
    {
      ts: Date.now(),
      type: 'connect',
      session: sessionRecord('a', { user: 'secret-user-id', rooms: ['secret-room'] }),
    },
  ]);
  exporter = await startExporter(target.url, { token: TOKEN });
  await waitFor(() => exporter.status().liveSessions === 1, { what: 'session applied' });
});

afterAll(async () => {
  await exporter?.close();
  await target?.close();
});

describe('/metrics', () => {
  it('passes promtool check metrics with every family present', async () => {
    const promtool = requireBinary('promtool', 'prometheus');
    const text = await getText(`${exporter.url}/metrics`);
    for (const name of Object.values(METRICS)) expect(text, name).toContain(`# TYPE ${name} `);
    const result = promtoolCheck(promtool, text);
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
    // Negative control: promtool does flag a badly named counter.
    const bad = promtoolCheck(
      promtool,
      '# HELP bad_counter x\n# TYPE bad_counter counter\nbad_counter 1\n',
    );
    expect(bad.output).toMatch(/_total/);
  });

  it('exposes the exact cumulative values, Socket.IO reason strings and a real histogram', async () => {
    const text = await getText(`${exporter.url}/metrics`);
    const m = parseMetrics(text);
    expect(
      m.get(
        'socketio_disconnects_total{node="node-a",reason="transport close",transport="websocket"}',
      ),
    ).toBe(4);
    expect(
      m.get('socketio_disconnects_total{node="node-a",reason="ping timeout",transport="polling"}'),
    ).toBe(1);
    expect(
      m.get('socketio_disconnects_total{node="node-a",reason="other",transport="websocket"}'),
    ).toBe(2);
    expect(metricSum(m, 'socketio_connections_total')).toBe(10);
    const bucket = (le: string) =>
      metricSum(m, 'socketio_session_duration_seconds_bucket', {
        node: 'node-a',
        reason: 'transport close',
        le,
      });
    expect(bucket('1')).toBe(1);
    expect(bucket('120')).toBe(3);
    expect(bucket('3600')).toBe(3);
    expect(bucket('7200')).toBe(4);
    expect(bucket('+Inf')).toBe(4);
    expect(
      m.get('socketio_session_duration_seconds_count{node="node-a",reason="transport close"}'),
    ).toBe(4);
    expect(m.get('socketio_ping_rtt_seconds_count{node="node-a"}')).toBe(2);
    expect(m.get('socketio_node_event_loop_delay_seconds{node="node-a",quantile="0.99"}')).toBe(
      0.05,
    );
    expect(m.get('socketio_connected_clients{node="node-a",transport="websocket"}')).toBe(1);
    expect(m.get('sockscope_target_up{node="node-a"}')).toBe(1);
    expect(m.get('socketio_adapter_up{node="node-a",adapter="redis"}')).toBe(1);
    // No personal data: no user id, session id or room.
    expect(text).not.toContain('secret-user-id');
    expect(text).not.toContain('secret-room');
    expect(text).not.toMatch(/[{,]a[,}]|"a"/);
  });

  it('follows the target: new cumulative values replace the old, and target_up drops when it goes away', async () => {
    target.state.counters.disconnects['transport close\u0000websocket'] = 40;
    target.emit([]);
    await waitFor(
      async () =>
        parseMetrics(await getText(`${exporter.url}/metrics`)).get(
          'socketio_disconnects_total{node="node-a",reason="transport close",transport="websocket"}',
        ) === 40,
      { what: 'new value' },
    );
    await target.close();
    await waitFor(async () => (await fetch(`${exporter.url}/readyz`)).status === 503, {
      what: 'readyz 503',
    });
    const m = parseMetrics(await getText(`${exporter.url}/metrics`));
    expect(m.get('sockscope_target_up{node="node-a"}')).toBe(0);
  });
});
