import { afterEach, describe, expect, it } from 'vitest';
import { counterKey } from '@sockscope/contracts';
import { connectSidecar } from './support/sidecar-client.js';
import { TOKEN, startTestServer, type TestServer } from './support/test-server.js';
import { nextEvent, waitFor } from './support/wait-for.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('handshake errors', () => {
  it('counts engine.io connection_error codes and logs their messages', async () => {
    server = await startTestServer();
    const sidecar = connectSidecar(server.url, { token: TOKEN });
    await waitFor(() => sidecar.snapshots.length === 1, 'snapshot');
    const unknownTransport = await fetch(`${server.url}/socket.io/?EIO=4&transport=carrier-pigeon`);
    const unknownSession = await fetch(
      `${server.url}/socket.io/?EIO=4&transport=polling&sid=nope`,
      {
        headers: { 'user-agent': 'lost-client/1' },
      },
    );
    expect(unknownTransport.status).toBe(400);
    expect(unknownSession.status).toBe(400);
    expect(server.handle.state().state.counters.handshakeErrors).toEqual({ '0': 1, '1': 1 });
    const event = await sidecar.waitForEvent(
      'handshake-error',
      (e) => e.code === 1,
      'Session ID unknown',
    );
    expect(event).toMatchObject({
      message: 'Session ID unknown',
      transport: 'polling',
      remoteAddress: '127.0.0.1',
      userAgent: 'lost-client/1',
    });
    sidecar.close();
  });
});

describe('middleware rejections', () => {
  it('counts next(err) of middlewares registered before and after instrument(), per namespace', async () => {
    server = await startTestServer({
      before: (io) => {
        // Registered before instrument(): rejects a bad token.
        io.use((socket, next) => {
          const token = (socket.handshake.auth as { token?: string }).token;
          next(token === 'bad' ? new Error('invalid token') : undefined);
        });
      },
    });
    // Registered after instrument(), after a middleware that passes.
    server.io.of('/admin').use((_socket, next) => next());
    server.io.of('/admin').use((_socket, next) => next(new Error('origin not allowed')));
    const sidecar = connectSidecar(server.url, { token: TOKEN });
    await waitFor(() => sidecar.snapshots.length === 1, 'snapshot');

    const refused = server.client('/', { auth: { token: 'bad' }, transports: ['websocket'] });
    const [error] = await nextEvent<[Error]>(refused, 'connect_error');
    expect(error.message).toBe('invalid token');
    const admin = server.client('/admin', { transports: ['websocket'] });
    await nextEvent(admin, 'connect_error');
    // Negative control: a good client is not counted.
    await server.connected('/', { auth: { token: 'good' }, transports: ['websocket'] });

    expect(server.handle.state().state.counters.connectErrors).toEqual({
      [counterKey('/', 'invalid token')]: 1,
      [counterKey('/admin', 'origin not allowed')]: 1,
    });
    const event = await sidecar.waitForEvent(
      'connect-error',
      (e) => e.namespace === '/admin',
      '/admin refusal',
    );
    expect(event).toMatchObject({ message: 'origin not allowed', remoteAddress: '127.0.0.1' });
    sidecar.close();
  });

  it('hooks dynamic (regex) namespaces created after instrument()', async () => {
    server = await startTestServer();
    server.io.of(/^\/room-\d+$/).use((_socket, next) => next(new Error('closed room')));
    const client = server.client('/room-7', { transports: ['websocket'] });
    await nextEvent(client, 'connect_error');
    await waitFor(
      () => Object.keys(server!.handle.state().state.counters.connectErrors).length > 0,
      'count',
    );
    expect(server.handle.state().state.counters.connectErrors).toEqual({
      [counterKey('/room-7', 'closed room')]: 1,
    });
  });
});
