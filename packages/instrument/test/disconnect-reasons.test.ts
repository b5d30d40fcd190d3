import { afterEach, describe, expect, it } from 'vitest';
import { SESSION_DURATION_BUCKETS, counterKey } from '@sockscope/contracts';
import type { Socket as ClientSocket } from 'socket.io-client';
import type { ServerOptions } from 'socket.io';
import { connectSidecar } from './support/sidecar-client.js';
import { TOKEN, startTestServer, type TestServer } from './support/test-server.js';
import { waitFor } from './support/wait-for.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The client's engine.io transport (socket.io-client internals, for breaking it on purpose). */
interface ClientEngine {
  transport: { ws?: { terminate(): void; send(data: string): void } };
  _sendPacket(type: string, ...rest: unknown[]): void;
}
function engineOf(client: ClientSocket): ClientEngine {
  return client.io.engine as unknown as ClientEngine;
}

async function disconnectWith(
  cause: (client: ClientSocket, s: TestServer) => void | Promise<void>,
  serverOptions: Partial<ServerOptions> = {},
): Promise<{ reason: string; description: string | null; durationMs: number }> {
  server = await startTestServer({ server: serverOptions });
  const s = server;
  const sidecar = connectSidecar(s.url, { token: TOKEN });
  await waitFor(() => sidecar.snapshots.length === 1, 'snapshot');
  const client = await s.connected('/', { transports: ['websocket'] });
  await sidecar.waitForEvent('connect');
  await cause(client, s);
  const event = await sidecar.waitForEvent('disconnect');
  const counters = s.handle.state().state.counters;
  // Exactly one disconnect, counted once under its exact reason and transport.
  expect(counters.disconnects).toEqual({ [counterKey(event.reason, 'websocket')]: 1 });
  const histogram = s.handle.state().state.sessionDuration[event.reason];
  expect(histogram?.count).toBe(1);
  expect(histogram?.buckets).toEqual(SESSION_DURATION_BUCKETS);
  sidecar.close();
  return {
    reason: event.reason,
    description: event.description,
    durationMs: event.session.durationMs ?? -1,
  };
}

describe('disconnect reasons, each caused for real', () => {
  it('client disconnect → client namespace disconnect', async () => {
    const result = await disconnectWith((client) => void client.disconnect());
    expect(result.reason).toBe('client namespace disconnect');
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('server kick → server namespace disconnect', async () => {
    const result = await disconnectWith((client, s) => {
      s.io.of('/').sockets.get(client.id!)!.disconnect();
    });
    expect(result.reason).toBe('server namespace disconnect');
  });

  it('transport closed under the client → transport close', async () => {
    const result = await disconnectWith((client) => engineOf(client).transport.ws!.terminate());
    expect(result.reason).toBe('transport close');
  });

  it('a client that stops answering pings → ping timeout', async () => {
    const result = await disconnectWith(
      (client) => {
        const engine = engineOf(client);
        const send = engine._sendPacket.bind(engine);
        engine._sendPacket = (type, ...rest) => {
          if (type !== 'pong') send(type, ...rest);
        };
      },
      { pingInterval: 200, pingTimeout: 300 },
    );
    expect(result.reason).toBe('ping timeout');
  });

  it('a malformed packet → parse error', async () => {
    // An engine.io packet type that does not exist.
    const result = await disconnectWith((client) =>
      engineOf(client).transport.ws!.send('9garbage'),
    );
    expect(result.reason).toBe('parse error');
  });

  it('io.close() → server shutting down, still delivered to the sidecar', async () => {
    const result = await disconnectWith(async (_client, s) => {
      await s.io.close();
    });
    expect(result.reason).toBe('server shutting down');
  });

  it('engine close reasons are counted beside Socket.IO reasons', async () => {
    await disconnectWith((client) => engineOf(client).transport.ws!.terminate());
    const closes = await waitFor(() => {
      const c = server!.handle.state().state.counters.engineCloses;
      return Object.keys(c).length > 0 && c;
    }, 'engine close');
    expect(closes).toEqual({ 'transport close': 1 });
  });
});
