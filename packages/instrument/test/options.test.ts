import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import type {
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
} from '@sockscope/contracts';
import { instrument } from '../src/index.js';
import { resolveInstrumentOptions } from '../src/instrument-options.js';
import { TOKEN, startTestServer, type TestServer } from './support/test-server.js';
import { nextEvent } from './support/wait-for.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('options', () => {
  it('fails fast without a token or with a short one, naming the option', () => {
    const io = new Server();
    expect(() => instrument(io, {} as never)).toThrow(/token is required/);
    expect(() => instrument(io, { token: 'short' })).toThrow(
      /token must be at least 16 characters/,
    );
    expect(() => instrument(io, { token: TOKEN, bufferSize: 0 })).toThrow(/bufferSize/);
    expect(() => instrument(io, { token: TOKEN, namespace: 'no-slash' })).toThrow(/namespace/);
    expect(() => instrument(io, { token: TOKEN, userOf: 'x' as never })).toThrow(
      /userOf must be a function/,
    );
  });

  it('merges defaults once and clamps the batch interval to 250–1000 ms', () => {
    const defaults = resolveInstrumentOptions({ token: TOKEN });
    expect(defaults).toMatchObject({
      namespace: '/sockscope',
      allowRemote: false,
      trustProxy: false,
      batchIntervalMs: 500,
      bufferSize: 10_000,
      maxEventNames: 50,
    });
    expect(resolveInstrumentOptions({ token: TOKEN, batchIntervalMs: 10 }).batchIntervalMs).toBe(
      250,
    );
    expect(
      resolveInstrumentOptions({ token: TOKEN, batchIntervalMs: 60_000 }).batchIntervalMs,
    ).toBe(1000);
  });

  it('accepts a server typed with the app protocol, and a typed user extractor', () => {
    const io = new Server<
      ClientToServerEvents,
      ServerToClientEvents,
      InterServerEvents,
      SocketData
    >();
    const handle = instrument(io, {
      token: TOKEN,
      userOf: (socket) => (socket.data as SocketData).userId,
    });
    expect(handle.state().hello.namespaces).toEqual(['/']);
    handle.close();
  });

  it('refuses a namespace that is already taken', () => {
    const io = new Server();
    io.of('/sockscope');
    expect(() => instrument(io, { token: TOKEN })).toThrow(/already in use/);
  });

  it('hooks a server attached to its HTTP server after instrument()', async () => {
    const io = new Server();
    const handle = instrument(io, { token: TOKEN });
    const http = createServer();
    io.attach(http);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}/socket.io/?EIO=4&transport=nope`);
    expect(res.status).toBe(400);
    expect(handle.state().state.counters.handshakeErrors).toEqual({ '0': 1 });
    handle.close();
    await io.close();
  });

  it('takes the user from a custom extractor and the address from x-forwarded-for when trusted', async () => {
    server = await startTestServer({
      instrument: {
        trustProxy: true,
        userOf: (socket) => (socket.handshake.auth as { name?: string }).name,
      },
    });
    await server.connected('/', {
      transports: ['websocket'],
      auth: { name: 'bob' },
      extraHeaders: { 'x-forwarded-for': '203.0.113.9, 10.0.0.1' },
    });
    expect(server.handle.state().sessions[0]).toMatchObject({
      user: 'bob',
      remoteAddress: '203.0.113.9',
    });
  });

  it('close() unhooks: later connections are not recorded and the namespace is gone', async () => {
    server = await startTestServer();
    server.handle.close();
    server.handle.close();
    await server.connected('/', { transports: ['websocket'] });
    expect(server.handle.state().sessions).toEqual([]);
    expect(server.handle.state().state.counters.connections).toEqual({});
    const sidecar = server.client('/sockscope', { auth: { token: TOKEN } });
    const [error] = await nextEvent<[Error]>(sidecar, 'connect_error');
    expect(error.message).toBe('Invalid namespace');
  });
});
