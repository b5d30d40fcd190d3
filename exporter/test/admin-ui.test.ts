import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { instrument } from '@socket.io/admin-ui';
import type { DisconnectRecord, Page, SessionRecord } from '@sockscope/contracts';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { createExporter, type Exporter } from '../src/index.js';
import { createLogger } from '../src/logger.js';
import { connectClient, type Client } from './support/clients.js';
import { API_TOKEN, getJson, getText, metricSum, parseMetrics } from './support/http.js';
import { waitFor } from './support/wait-for.js';

const USER = 'admin';
const PASSWORD = 'admin-ui-password-1';
// bcrypt hash of PASSWORD (admin-ui wants a hash in its options).
const PASSWORD_HASH = '$2a$04$iwtqZit2VmTrT7emDB1v0u1wvBqmUQWsbV6yhcjPqyJhef/GesbYS';

interface Running {
  io: Server;
  http: HttpServer;
  url: string;
  exporter: Exporter;
  clients: Client[];
}
let running: Running | null = null;

async function start(mode: 'production' | 'development'): Promise<Running> {
  const http = createServer();
  const io = new Server(http);
  io.use((socket, next) => {
    const user = (socket.handshake.auth as { user?: unknown }).user;
    if (typeof user === 'string') (socket.data as { userId?: string }).userId = user;
    next();
  });
  io.on('connection', (socket) => {
    socket.on('kick-me', () => socket.disconnect(true));
  });
  instrument(io, {
    auth: { type: 'basic', username: USER, password: PASSWORD_HASH },
    mode,
    serverId: 'admin-node',
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const exporter = await createExporter({
    target: url,
    adminUi: { user: USER, password: PASSWORD },
    apiToken: API_TOKEN,
    port: 0,
    store: ':memory:',
    reconnectDelayMs: 100,
    logger: createLogger(process.env.LOG_LEVEL ?? 'silent'),
  });
  running = { io, http, url, exporter, clients: [] };
  await waitFor(async () => (await fetch(`${exporter.url}/readyz`)).status === 200, {
    what: 'exporter ready',
  });
  return running;
}

afterEach(async () => {
  if (!running) return;
  for (const c of running.clients) c.close();
  await running.exporter.close();
  running.io.close();
  running = null;
});

const scrape = async (r: Running) => parseMetrics(await getText(`${r.exporter.url}/metrics`));

describe('a server running only the stock @socket.io/admin-ui', () => {
  it('production mode: counts connections, connected clients and engine-level close reasons', async () => {
    const r = await start('production');
    const before = await waitFor(
      async () => {
        const m = await scrape(r);
        return metricSum(m, 'socketio_connections_total') >= 1 ? m : undefined;
      },
      { what: 'first server_stats' },
    );
    const baseConnections = metricSum(before, 'socketio_connections_total');
    const baseClosed = metricSum(before, 'socketio_disconnects_total', {
      reason: 'transport close',
    });

    for (let i = 0; i < 3; i++) r.clients.push(await connectClient(r.url));
    await waitFor(
      async () =>
        metricSum(await scrape(r), 'socketio_connected_clients', { transport: 'websocket' }) === 3,
      {
        what: '3 connected clients',
      },
    );
    for (const c of r.clients.splice(0)) c.close();
    const after = await waitFor(
      async () => {
        const m = await scrape(r);
        return metricSum(m, 'socketio_disconnects_total', { reason: 'transport close' }) -
          baseClosed ===
          3
          ? m
          : undefined;
      },
      { what: '3 transport close' },
    );
    expect(metricSum(after, 'socketio_connections_total') - baseConnections).toBe(3);
    expect(metricSum(after, 'socketio_connected_clients')).toBe(0);
    expect(metricSum(after, 'sockscope_target_up', { node: 'admin-node' })).toBe(1);
    // Production mode sends no sessions.
    const sessions = await getJson<Page<SessionRecord>>(`${r.exporter.url}/api/sessions`);
    expect(sessions.body.items).toEqual([]);
  });

  it('development mode: sessions with users, Socket.IO reasons and the disconnect log', async () => {
    const r = await start('development');
    const alice = await connectClient(r.url, { auth: { user: 'alice' } });
    const bob = await connectClient(r.url, { auth: { user: 'bob' } });
    r.clients.push(alice, bob);
    const live = await waitFor(
      async () => {
        const page = await getJson<Page<SessionRecord>>(`${r.exporter.url}/api/sessions`);
        return page.body.items.length === 2 ? page.body.items : undefined;
      },
      { what: 'two live sessions' },
    );
    expect(live.map((s) => s.user).sort()).toEqual(['alice', 'bob']);
    const byUser = await getJson<Page<SessionRecord>>(`${r.exporter.url}/api/sessions?user=alice`);
    expect(byUser.body.items.map((s) => s.id)).toEqual([alice.id]);

    alice.emit('kick-me');
    bob.disconnect();
    const m = await waitFor(
      async () => {
        const m = await scrape(r);
        return metricSum(m, 'socketio_disconnects_total', {
          reason: 'server namespace disconnect',
        }) === 1 &&
          metricSum(m, 'socketio_disconnects_total', { reason: 'client namespace disconnect' }) ===
            1
          ? m
          : undefined;
      },
      { what: 'both Socket.IO reasons' },
    );
    expect(metricSum(m, 'socketio_connected_clients')).toBe(0);
    expect(metricSum(m, 'socketio_session_duration_seconds_count')).toBe(2);

    const log = await getJson<Page<DisconnectRecord>>(`${r.exporter.url}/api/disconnects`);
    const reasons = Object.fromEntries(log.body.items.map((d) => [d.user, d.reason]));
    expect(reasons).toEqual({
      alice: 'server namespace disconnect',
      bob: 'client namespace disconnect',
    });
    expect(log.body.items.every((d) => d.node === 'admin-node')).toBe(true);
  });
});
