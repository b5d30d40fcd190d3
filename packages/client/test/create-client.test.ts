import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientLastDisconnect } from '@sockscope/contracts';
import { waitFor } from '@sockscope/testkit';
import { CLIENT_VERSION, createClient, type SockscopeSocket } from '../src/index.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer | undefined;
const sockets: SockscopeSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  await server?.close();
  server = undefined;
});

function client(url: string, options: Parameters<typeof createClient>[1] = {}): SockscopeSocket {
  const socket = createClient(url, {
    forceNew: true,
    transports: ['websocket'],
    reconnectionDelay: 50,
    ...options,
  });
  sockets.push(socket);
  return socket;
}

/** Kills the client's WebSocket under it: the server and the client both see `transport close`. */
function breakTransport(socket: SockscopeSocket): void {
  (
    socket.io.engine as unknown as { transport: { ws: { terminate(): void } } }
  ).transport.ws.terminate();
}

describe('createClient', () => {
  it('reports the previous disconnect (reason, time, previous id) on reconnect after a forced transport close', async () => {
    server = await startTestServer();
    const socket = client(server.url);
    await waitFor(() => socket.connected && socket.id, { message: 'first connect' });
    const firstId = socket.id;
    expect(server.handshakes[0]).toEqual({ clientVersion: CLIENT_VERSION });
    const brokeAt = Date.now();
    breakTransport(socket);
    await waitFor(() => server!.handshakes.length === 2, { message: 'the reconnect' });
    const last = server.handshakes[1]!.lastDisconnect as ClientLastDisconnect;
    expect(last).toMatchObject({ reason: 'transport close', previousId: firstId });
    expect(last.at).toBeGreaterThanOrEqual(brokeAt);
    expect(last.at).toBeLessThanOrEqual(Date.now());
    await waitFor(() => socket.connected, { message: 'connected again' });
    expect(socket.id).not.toBe(firstId);
  });

  it('the instrument records it beside its own view, with the reconnect gap, and counts it', async () => {
    server = await startTestServer();
    const socket = client(server.url);
    await waitFor(() => socket.connected && socket.id, { message: 'first connect' });
    const firstId = socket.id;
    breakTransport(socket);
    const session = await waitFor(
      () => server!.handle.state().sessions.find((s) => s.lastDisconnect !== null),
      { message: 'the reconnected session' },
    );
    expect(session.clientVersion).toBe(CLIENT_VERSION);
    expect(session.lastDisconnect).toMatchObject({
      reason: 'transport close',
      previousId: firstId,
    });
    expect(session.lastDisconnect!.gapMs).toBe(session.connectedAt - session.lastDisconnect!.at);
    expect(session.lastDisconnect!.gapMs).toBeGreaterThanOrEqual(0);
    expect(session.lastDisconnect!.gapMs).toBeLessThan(5000);
    const counters = server.handle.state().state.counters;
    expect(counters.clientReportedDisconnects).toEqual({ 'transport close': 1 });
    // The server's own view of the first session: the same drop, from its side.
    expect(counters.disconnects).toEqual({ ['transport close\u0000websocket']: 1 });
  });

  it('reports a manual disconnect and reconnect as io client disconnect; the first connect reports nothing', async () => {
    server = await startTestServer();
    const socket = client(server.url);
    await waitFor(() => socket.connected, { message: 'connect' });
    expect(server.handshakes[0]).not.toHaveProperty('lastDisconnect');
    socket.disconnect();
    socket.connect();
    await waitFor(() => server!.handshakes.length === 2, { message: 'the reconnect' });
    expect(server.handshakes[1]!.lastDisconnect).toMatchObject({ reason: 'io client disconnect' });
    // Reported once: a third connection after a clean state carries the newest reason only.
    await waitFor(() => socket.connected, { message: 'connected' });
    server.io.of('/').sockets.get(socket.id!)!.disconnect();
    await waitFor(() => !socket.connected, { message: 'kicked' });
    socket.connect();
    await waitFor(() => server!.handshakes.length === 3, { message: 'third connect' });
    expect(server.handshakes[2]!.lastDisconnect).toMatchObject({ reason: 'io server disconnect' });
  });

  it('keeps the caller’s auth fields and reads a token function on every attempt', async () => {
    server = await startTestServer();
    let issued = 0;
    const socket = client(server.url, {
      auth: { room: 'lobby', token: 'overridden' },
      token: async () => `token-${++issued}`,
    });
    await waitFor(() => socket.connected, { message: 'connect' });
    breakTransport(socket);
    await waitFor(() => server!.handshakes.length === 2, { message: 'the reconnect' });
    expect(server.handshakes[0]).toEqual({
      room: 'lobby',
      token: 'token-1',
      clientVersion: CLIENT_VERSION,
    });
    expect(server.handshakes[1]).toMatchObject({ room: 'lobby', token: 'token-2' });
  });

  it('accepts socket.io-client’s callback form of auth', async () => {
    server = await startTestServer();
    const socket = client(server.url, { auth: (cb) => cb({ token: 'from-callback' }) });
    await waitFor(() => socket.connected, { message: 'connect' });
    expect(server.handshakes[0]).toEqual({ token: 'from-callback', clientVersion: CLIENT_VERSION });
  });

  it('CLIENT_VERSION is the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(CLIENT_VERSION).toBe(pkg.version);
  });
});
