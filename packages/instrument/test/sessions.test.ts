import { afterEach, describe, expect, it } from 'vitest';
import { counterKey } from '@sockscope/contracts';
import { startTestServer, type TestServer } from './support/test-server.js';
import { connectSidecar } from './support/sidecar-client.js';
import { TOKEN } from './support/test-server.js';
import { waitFor } from './support/wait-for.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('session records', () => {
  it('records user, transport, remote address, user agent, protocol, client version and rooms', async () => {
    server = await startTestServer({
      before: (io) => {
        io.use((socket, next) => {
          socket.data.userId = (socket.handshake.auth as { user?: string }).user;
          next();
        });
        io.on('connection', (socket) => {
          void socket.join('lobby');
          socket.on('join', (room: string) => void socket.join(room));
        });
      },
    });
    const sidecar = connectSidecar(server.url, { token: TOKEN });
    await waitFor(() => sidecar.snapshots.length === 1, 'snapshot');
    const client = await server.connected('/', {
      transports: ['websocket'],
      auth: { user: 'alice', clientVersion: '9.9.9' },
      extraHeaders: { 'user-agent': 'sockscope-test/1' },
    });
    const connect = await sidecar.waitForEvent('connect');
    expect(connect.session).toMatchObject({
      id: client.id,
      user: 'alice',
      node: 'test-node',
      namespace: '/',
      transport: 'websocket',
      upgrades: ['websocket'],
      remoteAddress: '127.0.0.1',
      userAgent: 'sockscope-test/1',
      clientProtocol: 4,
      clientVersion: '9.9.9',
      recovered: false,
      lastDisconnect: null,
      disconnectedAt: null,
      reason: null,
      durationMs: null,
    });
    expect(connect.session.rooms).not.toContain(client.id);
    client.emit('join', 'room-a');
    const rooms = await sidecar.waitForEvent(
      'rooms',
      (e) => e.rooms.includes('room-a'),
      'rooms with room-a',
    );
    expect(rooms.id).toBe(client.id);
    expect(rooms.rooms.sort()).toEqual(['lobby', 'room-a']);
    client.disconnect();
    const disconnect = await sidecar.waitForEvent('disconnect');
    expect(disconnect.reason).toBe('client namespace disconnect');
    expect(disconnect.session.rooms.sort()).toEqual(['lobby', 'room-a']);
    expect(disconnect.session.packetsIn).toBeGreaterThanOrEqual(2);
    expect(disconnect.session.bytesIn).toBeGreaterThan(0);
    expect(disconnect.session.durationMs).toBe(
      disconnect.session.disconnectedAt! - disconnect.session.connectedAt,
    );
    sidecar.close();
  });

  it('records the upgrade from polling to websocket', async () => {
    server = await startTestServer();
    const sidecar = connectSidecar(server.url, { token: TOKEN });
    await waitFor(() => sidecar.snapshots.length === 1, 'snapshot');
    const client = await server.connected('/', { transports: ['polling', 'websocket'] });
    const upgrade = await sidecar.waitForEvent('upgrade');
    expect(upgrade).toMatchObject({ id: client.id, transport: 'websocket' });
    expect((await sidecar.waitForEvent('connect')).session.transport).toBe('polling');
    client.disconnect();
    const disconnect = await sidecar.waitForEvent('disconnect');
    expect(disconnect.session.upgrades).toEqual(['polling', 'websocket']);
    expect(server.handle.state().state.counters.disconnects).toEqual({
      [counterKey('client namespace disconnect', 'websocket')]: 1,
    });
    expect(server.handle.state().state.counters.connections).toEqual({ polling: 1 });
    sidecar.close();
  });
});
