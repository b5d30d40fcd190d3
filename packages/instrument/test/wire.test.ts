import { afterEach, describe, expect, it } from 'vitest';
import { counterKey } from '@sockscope/contracts';
import { startTestServer, type TestServer } from './support/test-server.js';
import { waitFor } from './support/wait-for.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ev = (namespace: string, event: string, direction: 'in' | 'out'): string =>
  counterKey(namespace, event, direction);

describe('packets, bytes and events on the wire', () => {
  it('counts events in by name and acks are not events', async () => {
    server = await startTestServer({
      before: (io) =>
        io.on('connection', (socket) => {
          socket.on('echo', (payload: string, ack: (reply: string) => void) => ack(payload));
        }),
    });
    const client = await server.connected('/', { transports: ['websocket'] });
    for (let i = 0; i < 20; i++) await client.emitWithAck('echo', `hello-${i}`);
    const counters = server.handle.state().state.counters;
    expect(counters.events[ev('/', 'echo', 'in')]).toBe(20);
    expect(counters.events[ev('/', 'echo', 'out')]).toBeUndefined();
    // 20 events in + CONNECT in; 20 acks out + CONNECT out (at least: pings may add more).
    expect(counters.packets.in).toBeGreaterThanOrEqual(21);
    expect(counters.packets.out).toBeGreaterThanOrEqual(21);
    // Each echo is `2<id>["echo","hello-N"]` (≥ 20 bytes) plus the engine.io type character.
    expect(counters.bytes.in).toBeGreaterThan(20 * 20);
    expect(counters.bytes.out).toBeGreaterThan(20 * 15);
    const session = server.handle.state().sessions[0]!;
    // The session starts counting once connected: its CONNECT packets are on the node's count only.
    expect(session.packetsIn).toBe(20);
    expect(session.packetsOut).toBe(20);
  });

  it('counts room broadcasts in events and bytes out, once per receiving socket', async () => {
    server = await startTestServer({
      before: (io) =>
        io.on('connection', (socket) => {
          void socket.join('room-1');
          socket.on('shout', (text: string) => {
            io.to('room-1').emit('news', text);
          });
        }),
    });
    const clients = await Promise.all(
      [1, 2, 3].map(() => server!.connected('/', { transports: ['websocket'] })),
    );
    const received: string[] = [];
    for (const c of clients) c.on('news', (text: string) => received.push(text));
    const before = server.handle.state().state.counters.bytes.out;
    const payload = 'x'.repeat(1000);
    clients[0]!.emit('shout', payload);
    await waitFor(() => received.length === 3, 'three deliveries');
    const counters = server.handle.state().state.counters;
    expect(counters.events[ev('/', 'news', 'out')]).toBe(3);
    expect(counters.events[ev('/', 'shout', 'in')]).toBe(1);
    // Three copies of a > 1000-byte packet went out.
    expect(counters.bytes.out! - before!).toBeGreaterThanOrEqual(3 * 1000);
    for (const session of server.handle.state().sessions)
      expect(session.bytesOut).toBeGreaterThan(1000);
  });

  it('attributes a namespace broadcast to each connection’s session of that namespace', async () => {
    server = await startTestServer({
      before: (io) => io.of('/chat').on('connection', (socket) => void socket.join('r')),
    });
    const s = server;
    // Two connections, each multiplexing `/` and `/chat` (one Manager per connection).
    const pairs = await Promise.all(
      [1, 2].map(async () => {
        const main = await s.connected('/', { transports: ['websocket'], forceNew: true });
        // Connects by itself on the main socket's Manager (autoConnect).
        const chat = main.io.socket('/chat');
        await waitFor(() => chat.connected, 'chat connected');
        return { main, chat };
      }),
    );
    expect(new Set(pairs.map((p) => p.main.io.engine.id)).size).toBe(2);
    const received: unknown[] = [];
    for (const p of pairs) p.chat.on('news', (x: unknown) => received.push(x));
    const before = s.handle.state().sessions;
    s.io.of('/chat').to('r').emit('news', 'y'.repeat(500));
    await waitFor(() => received.length === 2, 'two deliveries');
    const after = s.handle.state().sessions;
    const grew = (ns: string) =>
      after
        .filter((x) => x.namespace === ns)
        .map((x) => x.bytesOut - (before.find((b) => b.id === x.id)?.bytesOut ?? 0));
    expect(grew('/chat').every((d) => d > 500)).toBe(true);
    expect(grew('/')).toEqual([0, 0]);
    expect(s.handle.state().state.counters.events[ev('/chat', 'news', 'out')]).toBe(2);
    for (const p of pairs) p.chat.disconnect();
  });

  it('counts events of other namespaces under their namespace, binary included', async () => {
    server = await startTestServer({
      before: (io) =>
        io.of('/chat').on('connection', (socket) => {
          socket.on('blob', (_data: Buffer, ack: () => void) => ack());
          socket.emit('welcome', Buffer.from([1, 2, 3]));
        }),
    });
    const client = await server.connected('/chat', { transports: ['websocket'] });
    await client.emitWithAck('blob', Buffer.alloc(500));
    const counters = server.handle.state().state.counters;
    expect(counters.events[ev('/chat', 'blob', 'in')]).toBe(1);
    expect(counters.events[ev('/chat', 'welcome', 'out')]).toBe(1);
    expect(counters.bytes.in).toBeGreaterThan(500);
    const session = server.handle.state().sessions.find((s) => s.namespace === '/chat')!;
    // The binary event's header and its attachment.
    expect(session.packetsIn).toBe(2);
    expect(session.bytesIn).toBeGreaterThan(500);
  });

  it('caps event names per namespace: 500 distinct names leave at most cap + 1 labels', async () => {
    server = await startTestServer();
    const client = await server.connected('/', { transports: ['websocket'] });
    for (let i = 0; i < 500; i++) client.emit(`event-${i}`, i);
    await waitFor(() => server!.handle.state().state.counters.packets.in! >= 501, '500 events in');
    const events = server.handle.state().state.counters.events;
    const labels = Object.keys(events).map((key) => key.split('\u0000')[1]);
    expect(labels.length).toBeLessThanOrEqual(50 + 1);
    expect(labels).toContain('other');
    expect(Object.values(events).reduce((a, b) => a + b, 0)).toBe(500);
    expect(events[ev('/', 'other', 'in')]).toBe(450);
  });

  it('honours a smaller maxEventNames', async () => {
    server = await startTestServer({ instrument: { maxEventNames: 3 } });
    const client = await server.connected('/', { transports: ['websocket'] });
    for (const name of ['a', 'b', 'c', 'd', 'e', 'a']) client.emit(name);
    await waitFor(() => server!.handle.state().state.counters.packets.in! >= 7, 'six events in');
    const events = server.handle.state().state.counters.events;
    expect(events).toEqual({
      [ev('/', 'a', 'in')]: 2,
      [ev('/', 'b', 'in')]: 1,
      [ev('/', 'c', 'in')]: 1,
      [ev('/', 'other', 'in')]: 2,
    });
  });

  it('measures the ping round trip per connection', async () => {
    server = await startTestServer({ server: { pingInterval: 100, pingTimeout: 1000 } });
    await server.connected('/', { transports: ['websocket'] });
    const rtt = await waitFor(() => {
      const h = server!.handle.state().state.pingRtt;
      return h.count >= 2 && h;
    }, 'two pongs');
    expect(rtt.sum).toBeGreaterThan(0);
    expect(rtt.sum / rtt.count).toBeLessThan(1);
    // Cumulative `le` buckets: the last one holds everything under 2.5 s.
    expect(rtt.counts.at(-1)).toBe(rtt.count);
  });
});
