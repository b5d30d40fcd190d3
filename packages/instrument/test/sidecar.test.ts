import { afterEach, describe, expect, it } from 'vitest';
import { SIDECAR_CONNECT_ERRORS, type LifecycleEvent } from '@sockscope/contracts';
import { connectSidecar, type TestSidecar } from './support/sidecar-client.js';
import { TOKEN, startTestServer, type TestServer } from './support/test-server.js';
import { nextEvent, waitFor } from './support/wait-for.js';

let server: TestServer | undefined;
const sidecars: TestSidecar[] = [];
afterEach(async () => {
  for (const s of sidecars.splice(0)) s.close();
  await server?.close();
  server = undefined;
});

function sidecar(...args: Parameters<typeof connectSidecar>): TestSidecar {
  const s = connectSidecar(...args);
  sidecars.push(s);
  return s;
}

async function refusal(s: TestSidecar): Promise<string> {
  const [error] = await nextEvent<[Error]>(s.socket, 'connect_error');
  return error.message;
}

describe('sidecar authentication', () => {
  it('refuses a missing or wrong token, accepts the right one', async () => {
    server = await startTestServer();
    expect(await refusal(sidecar(server.url, {}))).toBe(SIDECAR_CONNECT_ERRORS.missingToken);
    expect(await refusal(sidecar(server.url, { token: 'x'.repeat(TOKEN.length) }))).toBe(
      SIDECAR_CONNECT_ERRORS.invalidToken,
    );
    const ok = sidecar(server.url, { token: TOKEN });
    await nextEvent(ok.socket, 'connect');
    await waitFor(() => ok.hellos.length === 1 && ok.snapshots.length === 1, 'hello and snapshot');
  });

  it('rate limits an address after repeated failures, even with the right token', async () => {
    server = await startTestServer();
    for (let i = 0; i < 5; i++) {
      expect(await refusal(sidecar(server.url, { token: `wrong-token-${i}-padding` }))).toBe(
        SIDECAR_CONNECT_ERRORS.invalidToken,
      );
    }
    expect(await refusal(sidecar(server.url, { token: TOKEN }))).toBe(
      SIDECAR_CONNECT_ERRORS.rateLimited,
    );
  });

  it('refuses non-loopback addresses by default and accepts them with allowRemote', async () => {
    const remote = { headers: { 'x-forwarded-for': '203.0.113.7' } };
    server = await startTestServer({ instrument: { trustProxy: true } });
    expect(await refusal(sidecar(server.url, { token: TOKEN }, remote))).toBe(
      SIDECAR_CONNECT_ERRORS.remoteRefused,
    );
    // Negative control on the same server: loopback is accepted.
    await nextEvent(sidecar(server.url, { token: TOKEN }).socket, 'connect');
    await server.close();

    server = await startTestServer({ instrument: { trustProxy: true, allowRemote: true } });
    await nextEvent(sidecar(server.url, { token: TOKEN }, remote).socket, 'connect');
  });

  it('refuses forwarded non-loopback clients even when the proxy is not trusted', async () => {
    server = await startTestServer();
    const viaProxy = sidecar(
      server.url,
      { token: TOKEN },
      { headers: { 'x-forwarded-for': '198.51.100.1' } },
    );
    expect(await refusal(viaProxy)).toBe(SIDECAR_CONNECT_ERRORS.remoteRefused);
  });
});

describe('hello, snapshot and batches', () => {
  it('sends hello with versions, then the snapshot of live sessions; leaves itself out of the counters', async () => {
    server = await startTestServer({ before: (io) => io.of('/chat') });
    const client = await server.connected('/', { transports: ['websocket'] });
    const s = sidecar(server.url, { token: TOKEN });
    await waitFor(() => s.snapshots.length === 1, 'snapshot');
    const hello = s.hellos[0]!;
    expect(hello).toMatchObject({
      node: 'test-node',
      instance: server.handle.instance,
      namespaces: ['/', '/chat'],
    });
    expect(hello.versions.socketio).toBe('4.8.4');
    expect(hello.versions.node).toBe(process.versions.node);
    expect(hello.versions.adapter).toMatch(/^Adapter \(socket\.io-adapter@/);
    expect(hello.versions.instrument).toMatch(/^\d+\.\d+\.\d+/);
    const snapshot = s.snapshots[0]!;
    expect(snapshot.seq).toBe(1);
    expect(snapshot.sessions.map((x) => x.id)).toEqual([client.id]);
    expect(snapshot.state.counters.connections).toEqual({ websocket: 1 });
    expect(snapshot.state.health.heapUsedBytes).toBeGreaterThan(0);
    expect(snapshot.state.health.rssBytes).toBeGreaterThan(0);
    client.emit('anything');
    await waitFor(() => s.batches.length >= 1, 'a batch after activity');
    expect(s.batches.at(-1)!.state.counters.connections).toEqual({ websocket: 1 });
    expect(s.batches.at(-1)!.state.health.eventLoopDelay.max).toBeGreaterThanOrEqual(0);
  });

  it('batches: many socket events give few messages, with increasing sequence numbers', async () => {
    server = await startTestServer();
    const s = sidecar(server.url, { token: TOKEN });
    await waitFor(() => s.snapshots.length === 1, 'snapshot');
    await Promise.all(
      Array.from({ length: 40 }, () => server!.connected('/', { transports: ['websocket'] })),
    );
    await waitFor(() => s.events.filter((e) => e.type === 'connect').length === 40, '40 connects');
    // 40 disconnects in one tick: one batch (two if a tick falls in between), not 40 messages.
    server.io.disconnectSockets();
    await waitFor(
      () => s.events.filter((e) => e.type === 'disconnect').length === 40,
      '40 disconnects',
    );
    const carrying = s.batches.filter((b) => b.events.some((e) => e.type === 'disconnect'));
    expect(carrying.length).toBeLessThanOrEqual(2);
    expect(s.batches.length).toBeLessThan(s.events.length);
    const seqs = s.events.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('a sidecar resuming from its last sequence number receives exactly the missed events', async () => {
    server = await startTestServer();
    const first = sidecar(server.url, { token: TOKEN });
    await waitFor(() => first.snapshots.length === 1, 'snapshot');
    await server.connected('/', { transports: ['websocket'] });
    await first.waitForEvent('connect');
    const resumeFrom = first.lastSeq();
    first.close();

    const missed = await Promise.all(
      [1, 2, 3].map(() => server!.connected('/', { transports: ['websocket'] })),
    );
    missed[0]!.disconnect();
    await waitFor(() => server!.handle.state().seq === resumeFrom + 4, 'four more events');

    const second = sidecar(server.url, {
      token: TOKEN,
      instance: server.handle.instance,
      resumeFrom,
    });
    await waitFor(() => second.events.length >= 4, 'replay');
    expect(second.snapshots[0]!.seq).toBe(resumeFrom + 4);
    expect(second.snapshots[0]!.sessions).toHaveLength(3);
    expect(second.events.map((e) => e.seq)).toEqual([
      resumeFrom + 1,
      resumeFrom + 2,
      resumeFrom + 3,
      resumeFrom + 4,
    ]);
    expect(second.events.map((e) => e.type)).toEqual([
      'connect',
      'connect',
      'connect',
      'disconnect',
    ]);
    expect(second.events.some((e) => e.type === 'gap')).toBe(false);
  });

  it('reports a gap when the missed events no longer fit the buffer', async () => {
    server = await startTestServer({ instrument: { bufferSize: 3 } });
    const first = sidecar(server.url, { token: TOKEN });
    await waitFor(() => first.snapshots.length === 1, 'snapshot');
    const resumeFrom = first.lastSeq();
    first.close();
    const clients = await Promise.all(
      Array.from({ length: 5 }, () => server!.connected('/', { transports: ['websocket'] })),
    );
    await waitFor(() => server!.handle.state().seq === resumeFrom + 5, 'five events');
    const second = sidecar(server.url, {
      token: TOKEN,
      instance: server.handle.instance,
      resumeFrom,
    });
    await waitFor(() => second.events.length >= 4, 'gap and replay');
    const [gap, ...rest] = second.events as [LifecycleEvent, ...LifecycleEvent[]];
    expect(gap).toMatchObject({
      type: 'gap',
      from: resumeFrom + 1,
      to: resumeFrom + 2,
      seq: resumeFrom + 2,
    });
    expect(rest.map((e) => e.seq)).toEqual([resumeFrom + 3, resumeFrom + 4, resumeFrom + 5]);
    // The snapshot still has every live session.
    expect(second.snapshots[0]!.sessions).toHaveLength(clients.length);
  });

  it('a sidecar that knew another instance gets every event of this one from 1', async () => {
    server = await startTestServer();
    await server.connected('/', { transports: ['websocket'] });
    const s = sidecar(server.url, {
      token: TOKEN,
      instance: 'an-instance-before-restart',
      resumeFrom: 1234,
    });
    await waitFor(() => s.events.length >= 1, 'replay from 1');
    expect(s.events[0]).toMatchObject({ seq: 1, type: 'connect' });
  });

  it('a new sidecar without an instance starts at the snapshot', async () => {
    server = await startTestServer();
    const client = await server.connected('/', { transports: ['websocket'] });
    const s = sidecar(server.url, { token: TOKEN });
    await waitFor(() => s.snapshots.length === 1, 'snapshot');
    client.emit('anything');
    await waitFor(() => s.batches.length >= 1, 'a batch');
    expect(s.snapshots[0]!.seq).toBe(1);
    expect(s.events).toEqual([]);
  });

  it('a stalled event loop goes out in its own batch, with nothing else happening', async () => {
    server = await startTestServer();
    const s = sidecar(server.url, { token: TOKEN });
    await waitFor(() => s.snapshots.length === 1, 'snapshot');
    const stalledAt = Date.now();
    // The server runs in this process: a busy loop stalls it like a blocking handler would.
    while (Date.now() - stalledAt < 400);
    // No counter moves (the sidecar's own traffic is not counted): without a batch of its own
    // the stall would be sampled away before the 5 s heartbeat.
    const batch = await waitFor(
      () => s.batches.find((b) => b.state.health.eventLoopDelay.max >= 0.3),
      'a batch carrying the stall',
      3000,
    );
    expect(batch.events).toEqual([]);
    // And once the loop is quiet again, that news goes out too (not just at the heartbeat).
    await waitFor(
      () => s.batches.at(-1)!.state.health.eventLoopDelay.max < 0.2,
      'a batch saying the stall is over',
      3000,
    );
  });

  it('when nothing happens, sends only a heartbeat batch every 5 s', async () => {
    server = await startTestServer();
    const s = sidecar(server.url, { token: TOKEN });
    await waitFor(() => s.snapshots.length === 1, 'snapshot');
    const snapshotAt = Date.now();
    await waitFor(() => s.batches.length >= 1, 'a heartbeat', 15_000);
    // 250 ms intervals with nothing new: no batch until the heartbeat is due.
    expect(Date.now() - snapshotAt).toBeGreaterThanOrEqual(4500);
    expect(s.batches[0]!.events).toEqual([]);
  });
});
