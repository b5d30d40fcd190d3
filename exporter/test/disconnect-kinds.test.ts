import type {
  DisconnectRecord,
  DisconnectSummary,
  Page,
  SessionTimeline,
} from '@sockscope/contracts';
import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { Exporter } from '../src/index.js';
import { connectClient, type Client } from './support/clients.js';
import { getJson, getText, metricSum, parseMetrics } from './support/http.js';
import {
  startInstrumentedServer,
  TARGET_TOKEN,
  type InstrumentedServer,
} from './support/instrumented-server.js';
import { startExporter } from './support/running-exporter.js';
import { waitFor } from './support/wait-for.js';

/** socket.io-client internals, to break a connection on purpose. */
interface ClientEngine {
  transport: { ws?: { terminate(): void; send(data: string): void } };
  _sendPacket(type: string, ...rest: unknown[]): void;
}
const engineOf = (client: Socket) => client.io.engine as unknown as ClientEngine;

const NODE = 'node-int';
let server: InstrumentedServer | undefined;
let exporter: Exporter | undefined;
const clients: Client[] = [];

afterAll(async () => {
  for (const c of clients) c.close();
  await exporter?.close();
  await server?.close();
});

describe('every kind of disconnect, through instrument(io) and the exporter', () => {
  it('counts each with its exact reason and logs it with user, node and duration', async () => {
    server = await startInstrumentedServer(NODE, { pingInterval: 200, pingTimeout: 300 });
    const s = server;
    exporter = await startExporter(s.url, { token: TARGET_TOKEN });
    const e = exporter;

    const kinds: Array<[string, string, (c: Client) => void | Promise<void>]> = [
      ['client namespace disconnect', 'u-client', (c) => void c.disconnect()],
      [
        'server namespace disconnect',
        'u-kick',
        (c) =>
          void s.io
            .of('/')
            .sockets.get(c.id ?? '')
            ?.disconnect(true),
      ],
      ['transport close', 'u-transport', (c) => engineOf(c).transport.ws?.terminate()],
      [
        'ping timeout',
        'u-silent',
        (c) => {
          const engine = engineOf(c);
          const send = engine._sendPacket.bind(engine);
          engine._sendPacket = (type, ...rest) => {
            if (type !== 'pong') send(type, ...rest);
          };
        },
      ],
      ['parse error', 'u-garbage', (c) => engineOf(c).transport.ws?.send('9garbage')],
    ];
    const byUser = new Map<string, Client>();
    for (const [, user] of kinds) {
      const c = await connectClient(s.url, { auth: { user } });
      clients.push(c);
      byUser.set(user, c);
    }
    const shutdownClient = await connectClient(s.url, { auth: { user: 'u-shutdown' } });
    clients.push(shutdownClient);
    await waitFor(() => e.status().liveSessions === 6, { what: 'six live sessions' });
    const live = parseMetrics(await getText(`${e.url}/metrics`));
    expect(
      metricSum(live, 'socketio_connected_clients', { node: NODE, transport: 'websocket' }),
    ).toBe(6);

    // A middleware refusal and an engine.io handshake error are logged too.
    await expect(connectClient(s.url, { auth: { user: 'refused' } })).rejects.toThrow(
      'invalid token',
    );
    expect((await fetch(`${s.url}/socket.io/?EIO=4&transport=bogus`)).status).toBe(400);

    for (const [, user, cause] of kinds) await cause(byUser.get(user)!);
    await waitFor(() => s.disconnected.size === kinds.length, {
      what: 'server saw five disconnects',
    });
    await s.close(); // → server shutting down, for the last client

    const expected = new Map([
      ...kinds.map(([reason, user]) => [user, reason] as const),
      ['u-shutdown', 'server shutting down'] as const,
    ]);
    const log = await waitFor(
      async () => {
        const page = await getJson<Page<DisconnectRecord>>(`${e.url}/api/disconnects`);
        return page.body.items.length === expected.size ? page.body.items : undefined;
      },
      { what: 'six disconnect records' },
    );

    for (const record of log) {
      const truth = s.disconnected.get(record.id);
      const connectedAt = s.connectedAt.get(record.id);
      expect(truth, record.id).toBeDefined();
      expect(record.user).toBe(truth?.user);
      expect(record.reason).toBe(expected.get(record.user ?? ''));
      expect(record.reason).toBe(truth?.reason);
      expect(record.node).toBe(NODE);
      expect(
        Math.abs(record.durationMs - ((truth?.at ?? 0) - (connectedAt ?? 0))),
      ).toBeLessThanOrEqual(100);
    }

    // Filters, and the timeline of a closed session.
    const silent = await getJson<Page<DisconnectRecord>>(
      `${e.url}/api/disconnects?reason=ping%20timeout`,
    );
    expect(silent.body.items.map((r) => r.user)).toEqual(['u-silent']);
    const kicked = await getJson<Page<DisconnectRecord>>(
      `${e.url}/api/disconnects?user=u-kick&transport=websocket`,
    );
    expect(kicked.body.items.map((r) => r.reason)).toEqual(['server namespace disconnect']);
    const timeline = await getJson<SessionTimeline>(
      `${e.url}/api/sessions/${kicked.body.items[0]?.id}`,
    );
    expect(timeline.body.session.reason).toBe('server namespace disconnect');
    expect(timeline.body.events.map((ev) => ev.type)).toEqual(['connect', 'disconnect']);
    const none = await getJson<Page<DisconnectRecord>>(
      `${e.url}/api/disconnects?user=u-kick&reason=ping%20timeout`,
    );
    expect(none.body.items).toEqual([]);

    const m = parseMetrics(await getText(`${e.url}/metrics`));
    for (const reason of expected.values()) {
      expect(metricSum(m, 'socketio_disconnects_total', { node: NODE, reason }), reason).toBe(1);
      expect(
        metricSum(m, 'socketio_session_duration_seconds_count', { node: NODE, reason }),
        reason,
      ).toBe(1);
    }
    expect(metricSum(m, 'socketio_disconnects_total')).toBe(6);
    expect(metricSum(m, 'socketio_connections_total', { node: NODE })).toBe(7);
    expect(
      metricSum(m, 'socketio_connect_errors_total', {
        node: NODE,
        namespace: '/',
        reason: 'invalid token',
      }),
    ).toBe(1);
    expect(metricSum(m, 'socketio_handshake_errors_total', { node: NODE, code: '0' })).toBe(1);
    // The target is gone; history stays queryable and target_up says so.
    await waitFor(async () => (await fetch(`${e.url}/readyz`)).status === 503, {
      what: 'readyz 503',
    });
    expect(
      metricSum(parseMetrics(await getText(`${e.url}/metrics`)), 'sockscope_target_up', {
        node: NODE,
      }),
    ).toBe(0);
    const summary = await getJson<DisconnectSummary>(`${e.url}/api/summary`);
    expect(summary.body.total).toBe(6);
    expect(summary.body.byReason['ping timeout']).toBe(1);
    expect(summary.body.connectErrors).toEqual({ '/ invalid token': 1 });
    expect(summary.body.handshakeErrors).toEqual({ '0 Transport unknown': 1 });
  });
});
