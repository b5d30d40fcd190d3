import { Redis } from 'ioredis';
import type { RoomMessage } from '@sockscope/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { SEQUENCE_KEY_PREFIX } from '../src/index.js';
import { client, closeClients, connected, type TestClient } from './support/clients.js';
import { startNode, stopNodes } from './support/nodes.js';
import { startRestartableRedis, type RestartableRedis } from './support/restartable-redis.js';
import { hs256Token } from './support/tokens.js';
import { waitFor } from './support/wait-for.js';

const TIMEOUT_MS = 1000;
const ROOM = 'outage';
let redis: RestartableRedis | undefined;
afterAll(async () => {
  closeClients();
  await stopNodes();
  await redis?.stop();
});

type PublishAck = Awaited<ReturnType<TestClient['emitWithAck']>>;

/** One publish and how long its ack took; a hang shows as the client's own 5 s timeout. */
async function timedPublish(socket: TestClient, payload: number) {
  const started = Date.now();
  const ack = (await socket
    .timeout(5000)
    .emitWithAck('room:publish', { room: ROOM, payload })
    .catch(() => ({ ok: false, error: 'no ack within 5 s' }))) as PublishAck & {
    seq?: number;
    error?: string;
  };
  return { ack, ms: Date.now() - started };
}

describe('room sequences across a Redis outage', () => {
  it('acks `sequence unavailable` within the bound while Redis is down or stalled, and seq never goes backwards after Redis restarts empty', async () => {
    redis = await startRestartableRedis();
    const options = {
      redisUrl: redis.url,
      sequenceTimeoutMs: TIMEOUT_MS,
      rateLimitRate: 10_000,
      rateLimitBurst: 10_000,
    };
    const a = await startNode(options);
    const b = await startNode(options);
    const publisher = await connected(client(a.url, await hs256Token({ sub: 'pub' })));
    const receiver = await connected(client(b.url, await hs256Token({ sub: 'sub' })));
    expect(await receiver.emitWithAck('room:join', { room: ROOM })).toEqual({ ok: true });
    const received: RoomMessage[] = [];
    receiver.on('room:message', (message) => received.push(message));

    // Before: seq 1..5, delivered across nodes.
    let lastBefore = 0;
    for (let i = 0; i < 5; i++) {
      const { ack } = await timedPublish(publisher, i);
      expect(ack.ok).toBe(true);
      lastBefore = ack.seq ?? 0;
    }
    expect(lastBefore).toBe(5);
    await waitFor(() => received.length === 5, { what: '5 messages on node b' });

    // Stalled Redis (process paused, TCP up): the INCR hangs, the bound answers.
    redis.pause();
    try {
      const stalled = await timedPublish(publisher, 100);
      expect(stalled.ack).toEqual({ ok: false, error: 'sequence unavailable' });
      expect(stalled.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(stalled.ms).toBeLessThan(TIMEOUT_MS + 1500);
    } finally {
      redis.resume();
    }
    // The paused INCR still ran when Redis resumed (a gap, not a repeat): read the counter.
    const raw = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await raw.connect();
    await waitFor(async () => Number(await raw.get(`${SEQUENCE_KEY_PREFIX}${ROOM}`)) >= 6, {
      what: 'the stalled INCR to land',
    });
    lastBefore = Number(await raw.get(`${SEQUENCE_KEY_PREFIX}${ROOM}`));
    const ok = await timedPublish(publisher, 6);
    expect(ok.ack.ok).toBe(true);
    expect(ok.ack.seq).toBe(lastBefore + 1);
    lastBefore = ok.ack.seq ?? 0;
    raw.disconnect();

    // Redis down: every publish is acked at once with `sequence unavailable`, the node lives.
    const unavailableBefore = a.stats.sequenceUnavailable;
    await redis.stop();
    const down = [];
    for (let i = 0; i < 10; i++) down.push(await timedPublish(publisher, 200 + i));
    for (const { ack, ms } of down) {
      expect(ack).toEqual({ ok: false, error: 'sequence unavailable' });
      expect(ms).toBeLessThan(TIMEOUT_MS + 1500);
    }
    expect(a.stats.sequenceUnavailable - unavailableBefore).toBe(10);
    expect(publisher.connected).toBe(true);

    // Redis back without its data. Negative control: its counter is gone, so a bare INCR
    // would answer 1, below what receivers already saw.
    await redis.start();
    const fresh = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await fresh.connect();
    expect(await fresh.get(`${SEQUENCE_KEY_PREFIX}${ROOM}`)).toBeNull();
    fresh.disconnect();

    // The nodes reconnect by themselves; the first seq after is above the last before, also
    // from node b, which never published to the room (its floor is what it delivered).
    const after = await waitFor(
      async () => {
        const { ack } = await timedPublish(receiver, 300);
        return ack.ok ? ack : undefined;
      },
      {
        timeoutMs: 20_000,
        intervalMs: 100,
        what: 'a publish on node b acked ok after the restart',
      },
    );
    expect(after.seq).toBe(lastBefore + 1);
    const next = await waitFor(
      async () => {
        const { ack } = await timedPublish(publisher, 301);
        return ack.ok ? ack : undefined;
      },
      {
        timeoutMs: 20_000,
        intervalMs: 100,
        what: 'a publish on node a acked ok after the restart',
      },
    );
    expect(next.seq).toBe(lastBefore + 2);
    // Delivery across nodes resumes, in seq order with no repeat.
    await waitFor(() => received.some((m) => m.seq === lastBefore + 2), {
      timeoutMs: 20_000,
      what: 'delivery on node b after the restart',
    });
    const seqs = received.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
  }, 30_000);
});
