import { statSync, existsSync } from 'node:fs';
import type { StackFile } from '@sockscope/contracts';
import {
  connectClient,
  mintToken,
  nodeOf,
  runPollingSessions,
  startRedis,
  startStack,
  stopAll,
  waitFor,
  type ClientSocket,
  type RunningStack,
} from '@sockscope/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryStats } from '../src/sticky-entry.js';

const token = (file: StackFile, sub: string): Promise<string> =>
  mintToken({ secret: file.jwt.secret, issuer: file.jwt.issuer, audience: file.jwt.audience, sub });

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const entryStats = async (file: StackFile): Promise<EntryStats> =>
  (await (await fetch(`${file.entry}/stats`)).json()) as EntryStats;

describe('npm start: the local stack', () => {
  let stack: RunningStack;
  let file: StackFile;

  beforeAll(async () => {
    stack = await startStack({ nodes: 3 });
    file = stack.stackFile;
  }, 60_000);

  afterAll(() => stopAll());

  it('writes the stack file with mode 0600 and every field', () => {
    expect(statSync(stack.stackFilePath).mode & 0o777).toBe(0o600);
    expect(file.entry).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(file.nodes.map((n) => n.id)).toEqual(['node-1', 'node-2', 'node-3']);
    for (const node of file.nodes) {
      expect(node.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(node.pid && alive(node.pid)).toBe(true);
    }
    expect(new Set(file.nodes.map((n) => n.url)).size).toBe(3);
    // Parts that land later (exporters, dashboard, Prometheus) fill these in; until then, empty.
    expect(file.pid).toBe(stack.process.pid);
    expect(Array.isArray(file.exporters)).toBe(true);
    for (const exporter of file.exporters) {
      expect(exporter).toMatchObject({
        node: expect.any(String),
        url: expect.any(String),
        token: expect.any(String),
      });
    }
    if (file.dashboard !== null) {
      expect(file.dashboard).toMatchObject({ url: expect.any(String), token: expect.any(String) });
    }
    expect(file.prometheus === null || typeof file.prometheus === 'string').toBe(true);
    expect(file.jwt).toMatchObject({
      alg: 'HS256',
      issuer: 'sockscope-local',
      audience: 'sockscope',
    });
    expect(file.jwt.secret.length).toBeGreaterThanOrEqual(32);
    expect(Date.parse(file.startedAt)).not.toBeNaN();
  });

  it(
    'delivers room messages across nodes through the entry (cluster adapter)',
    { timeout: 30_000 },
    async () => {
      const sockets: ClientSocket[] = [];
      try {
        for (let i = 0; i < 3; i += 1)
          sockets.push(await connectClient(file.entry, { token: await token(file, `user-${i}`) }));
        // New handshakes are balanced round-robin: three clients, three nodes.
        expect(new Set(sockets.map(nodeOf))).toEqual(new Set(['node-1', 'node-2', 'node-3']));
        const received = sockets.map(() => [] as number[]);
        sockets.forEach((socket, i) => socket.on('room:message', (m) => received[i]?.push(m.seq)));
        for (const socket of sockets)
          expect(await socket.emitWithAck('room:join', { room: 'lobby' })).toEqual({ ok: true });
        const seqs: number[] = [];
        for (let k = 0; k < 20; k += 1) {
          const ack = await sockets[k % 3]!.emitWithAck('room:publish', {
            room: 'lobby',
            payload: { k },
          });
          if (!ack.ok) throw new Error(ack.error);
          seqs.push(ack.seq);
        }
        expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        await waitFor(() => received.every((r) => r.length === 20), {
          message: 'every client to get 20 messages',
        });
        for (const r of received) expect([...r].sort((a, b) => a - b)).toEqual(seqs);
      } finally {
        for (const socket of sockets) socket.disconnect();
      }
    },
  );

  it(
    'keeps 1,000 polling-only sessions on their node: 0 Session ID unknown',
    { timeout: 60_000 },
    async () => {
      const before = await entryStats(file);
      const result = await runPollingSessions({
        url: file.entry,
        count: 1000,
        concurrency: 50,
        token: (i) => token(file, `poller-${i}`),
      });
      const after = await entryStats(file);
      expect(result.samples).toEqual([]);
      expect(result).toMatchObject({
        completed: 1000,
        connectErrors: 0,
        disconnects: 0,
        sessionIdUnknown: 0,
        timeouts: 0,
      });
      // The server side, as the entry saw the nodes' answers: every request of a session went
      // to the node that issued its sid, so no node answered 400 `Session ID unknown` for a
      // session it never had (its own node may answer 400 to a long-poll arriving after the
      // client's close packet: that session was over).
      expect(after.withSid - before.withSid).toBeGreaterThan(3000);
      expect(after.misrouted - before.misrouted).toBe(0);
      expect(after.misroutedSessionIdUnknown - before.misroutedSessionIdUnknown).toBe(0);
      expect(after.proxyErrors - before.proxyErrors).toBe(0);
      expect((after.byStatus['200'] ?? 0) - (before.byStatus['200'] ?? 0)).toBeGreaterThan(3000);
    },
  );

  it('a session asked on another node is `Session ID unknown` (what the entry prevents)', async () => {
    const handshake = await fetch(`${file.entry}/socket.io/?EIO=4&transport=polling`);
    const body = await handshake.text();
    const sid = (JSON.parse(body.slice(1)) as { sid: string }).sid;
    const owner = sid.slice(0, sid.indexOf('.'));
    const other = file.nodes.find((n) => n.id !== owner)!;
    const wrong = await fetch(
      `${other.url}/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`,
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ code: 1, message: 'Session ID unknown' });
    const right = await fetch(
      `${file.entry}/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`,
      {
        method: 'POST',
        body: '1',
      },
    );
    expect(right.status).toBe(200);

    // The entry's own count sees a session sent to a node that never had it.
    const before = await entryStats(file);
    const stray = await fetch(
      `${file.entry}/socket.io/?EIO=4&transport=polling&sid=node-9.nosuchsession`,
    );
    expect(stray.status).toBe(400);
    const after = await entryStats(file);
    expect(after.misroutedSessionIdUnknown - before.misroutedSessionIdUnknown).toBe(1);
  });

  it(
    'drains one node (pid from the stack file) and keeps serving through the others',
    { timeout: 30_000 },
    async () => {
      const drained = file.nodes[0]!;
      stack.signalNode(drained.id, 'SIGTERM');
      await waitFor(() => !alive(drained.pid!), {
        timeoutMs: 15_000,
        message: `${drained.id} to exit`,
      });
      const sockets: ClientSocket[] = [];
      try {
        for (let i = 0; i < 4; i += 1) {
          sockets.push(
            await connectClient(file.entry, {
              token: await token(file, `after-${i}`),
              reconnection: true,
            }),
          );
        }
        expect(sockets.map(nodeOf)).not.toContain(drained.id);
      } finally {
        for (const socket of sockets) socket.disconnect();
      }
    },
  );

  it(
    'stops on SIGTERM leaving no process behind and removes the stack file',
    { timeout: 30_000 },
    async () => {
      const pids = [...file.nodes, ...file.exporters].flatMap((p) => (p.pid ? [p.pid] : []));
      const status = await stack.stop('SIGTERM');
      expect(status).toEqual({ code: 0, signal: null });
      expect(existsSync(stack.stackFilePath)).toBe(false);
      for (const pid of [...pids, stack.process.pid!]) expect(alive(pid)).toBe(false);
    },
  );
});

describe('npm start: Ctrl-C', () => {
  afterAll(() => stopAll());

  it('SIGINT stops the nodes and the stack and removes the file', { timeout: 60_000 }, async () => {
    const stack = await startStack({ nodes: 2 });
    const pids = stack.stackFile.nodes.map((n) => n.pid!);
    expect(pids.every(alive)).toBe(true);
    const status = await stack.stop('SIGINT');
    expect(status).toEqual({ code: 0, signal: null });
    expect(existsSync(stack.stackFilePath)).toBe(false);
    for (const pid of [...pids, stack.process.pid!]) expect(alive(pid)).toBe(false);
  });
});

describe('npm start with REDIS_URL', () => {
  afterAll(() => stopAll());

  it('runs the nodes on the Redis Streams adapter', { timeout: 60_000 }, async () => {
    const redis = await startRedis();
    const stack = await startStack({ nodes: 2, env: { REDIS_URL: redis.url } });
    const file = stack.stackFile;
    const listening = stack.logs.filter((line) => line.includes('"msg":"listening"'));
    expect(listening).toHaveLength(2);
    for (const line of listening) expect(line).toContain('"adapter":"redis"');
    const sockets: ClientSocket[] = [];
    try {
      for (const node of file.nodes) {
        sockets.push(await connectClient(node.url, { token: await token(file, `r-${node.id}`) }));
      }
      const received: number[] = [];
      sockets[1]!.on('room:message', (m) => received.push(m.seq));
      for (const socket of sockets) await socket.emitWithAck('room:join', { room: 'redis-room' });
      const ack = await sockets[0]!.emitWithAck('room:publish', { room: 'redis-room', payload: 1 });
      expect(ack).toMatchObject({ ok: true, seq: 1 });
      await waitFor(() => received.includes(1), { message: 'the message on the other node' });
    } finally {
      for (const socket of sockets) socket.disconnect();
    }
    expect(await stack.stop()).toEqual({ code: 0, signal: null });
    await redis.stop();
  });
});
