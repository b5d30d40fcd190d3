import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.js';
import { nextEvent, waitFor } from './support/wait-for.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface ClientEngine {
  transport: { ws?: { terminate(): void } };
}

describe('connection state recovery', () => {
  it('records recovered and failed recovery attempts', async () => {
    server = await startTestServer({
      server: { connectionStateRecovery: { maxDisconnectionDuration: 60_000 } },
      before: (io) => io.on('connection', (socket) => void socket.join('kept')),
    });
    const client = await server.connected('/', {
      transports: ['websocket'],
      reconnection: true,
      reconnectionDelay: 50,
    });
    // Recovery needs an offset: one broadcast gives the client one.
    const got = nextEvent(client, 'tick');
    server.io.emit('tick', 1);
    await got;
    const firstId = client.id;
    (client.io.engine as unknown as ClientEngine).transport.ws!.terminate();
    await nextEvent(client, 'connect');
    expect(client.recovered).toBe(true);
    expect(client.id).toBe(firstId);
    const state = await waitFor(() => {
      const s = server!.handle.state();
      return s.state.counters.recoveries.recovered === 1 && s;
    }, 'a recovery');
    const session = state.sessions.find((s) => s.id === firstId)!;
    expect(session.recovered).toBe(true);
    expect(session.rooms).toContain('kept');

    // A client presenting a private id the server does not know: a failed attempt.
    const stranger = await server.connected('/', {
      transports: ['websocket'],
      auth: { pid: 'unknown-pid', offset: 'unknown-offset' },
    });
    expect(stranger.recovered).toBe(false);
    await waitFor(
      () => server!.handle.state().state.counters.recoveries.failed === 1,
      'a failed recovery',
    );
    expect(server.handle.state().state.counters.recoveries).toEqual({ recovered: 1, failed: 1 });
  });
});
