import { connectClient, startRedis, type ClientSocket } from '@sockscope/testkit';
import type { ChaosCase } from '../chaos-case.js';
import { probe } from '../http-probe.js';
import { spawnNode, userToken } from '../realtime.js';

const DOWN_MS = 10_000;
const RATE_MS = 100; // 10 publishes/s

interface Phase {
  sent: number;
  acked: number;
  failed: number;
}

/** Case 3: Redis down for 10 s under the Redis Streams adapter, two nodes. */
export const redisRestart: ChaosCase = {
  name: 'redis-restart',
  issueCase: 3,
  short: false,
  timeoutMs: () => 120_000,
  async run({ log }) {
    const redis = await startRedis();
    const env = { REDIS_URL: redis.url, RATE_LIMIT_RATE: '100', RATE_LIMIT_BURST: '200' };
    const [a, b] = await Promise.all([spawnNode(env), spawnNode(env)]);
    const connect = async (url: string, sub: string): Promise<ClientSocket> => {
      const socket = await connectClient(url, {
        token: await userToken(sub),
        transports: ['websocket'],
      });
      await socket.emitWithAck('room:join', { room: 'cross' });
      return socket;
    };
    const receiver = await connect(a.url, 'receiver'); // on A
    const localPublisher = await connect(a.url, 'local-pub'); // on A, for A's own clients
    const remotePublisher = await connect(b.url, 'remote-pub'); // on B
    const received = new Set<string>();
    receiver.on('room:message', (m) => received.add(JSON.stringify(m.payload)));
    let phase: 'before' | 'down' | 'after' = 'before';
    const phases: Record<string, Phase> = {};
    const acked: { key: string; phase: string; at: number; seq: number }[] = [];
    let n = 0;
    const publish = (socket: ClientSocket, origin: string): void => {
      const key = JSON.stringify({ origin, n: n++ });
      const current = phase;
      const stats = (phases[`${origin}-${current}`] ??= { sent: 0, acked: 0, failed: 0 });
      stats.sent++;
      socket
        .timeout(5000)
        .emitWithAck('room:publish', { room: 'cross', payload: JSON.parse(key) as object })
        .then((ack) => {
          if (!ack.ok) return void stats.failed++;
          stats.acked++;
          acked.push({ key, phase: current, at: Date.now(), seq: ack.seq });
        })
        .catch(() => stats.failed++);
    };
    const timer = setInterval(() => {
      publish(localPublisher, 'local');
      publish(remotePublisher, 'remote');
    }, RATE_MS);
    const readyz: Record<string, string> = {};
    try {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      log('stopping redis');
      await redis.process.stop('SIGTERM', 5000);
      phase = 'down';
      const downAt = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 2000));
      readyz.down = `${(await probe(`${a.url}/readyz`)).status}/${(await probe(`${b.url}/readyz`)).status}`;
      // A new client during the outage: can it connect and join on A?
      const newcomer = await connect(a.url, 'newcomer').then(
        (s) => (s.disconnect(), 'yes'),
        (e: unknown) => `no (${e instanceof Error ? e.message : String(e)})`,
      );
      await new Promise((resolve) => setTimeout(resolve, DOWN_MS - (Date.now() - downAt)));
      log('starting redis again');
      await redis.restart();
      phase = 'after';
      const upAt = Date.now();
      // Cross-node delivery resumes by itself: the first remote message received after restart.
      let resumedMs: number | undefined;
      while (Date.now() - upAt < 30_000 && resumedMs === undefined) {
        const back = acked.find(
          (x) => x.phase === 'after' && x.key.includes('remote') && received.has(x.key),
        );
        if (back) resumedMs = back.at - upAt;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await new Promise((resolve) => setTimeout(resolve, 3000));
      clearInterval(timer);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      readyz.after = `${(await probe(`${a.url}/readyz`)).status}/${(await probe(`${b.url}/readyz`)).status}`;
      const lost = (origin: string, p: string) =>
        acked.filter((x) => x.phase === p && x.key.includes(origin) && !received.has(x.key)).length;
      const fmt = (origin: string, p: string) => {
        const s = phases[`${origin}-${p}`] ?? { sent: 0, acked: 0, failed: 0 };
        return `${s.acked}/${s.sent} acked, ${lost(origin, p)} lost`;
      };
      const local = phases['local-down'] ?? { sent: 0, acked: 0, failed: 0 };
      const localServed = local.sent > 0 && local.acked >= 0.99 * local.sent;
      const seqs = (p: string) => acked.filter((x) => x.phase === p).map((x) => x.seq);
      const pass =
        localServed &&
        resumedMs !== undefined &&
        lost('remote', 'before') === 0 &&
        lost('local', 'before') === 0 &&
        a.process.exitCode === null &&
        b.process.exitCode === null;
      return {
        pass,
        numbers: {
          'local before': fmt('local', 'before'),
          'local down': fmt('local', 'down'),
          'cross-node down': fmt('remote', 'down'),
          'cross-node after': fmt('remote', 'after'),
          'delivery resumed after': resumedMs === undefined ? 'never' : `${resumedMs}ms`,
          'readyz A/B down': readyz.down ?? '?',
          'readyz A/B after': readyz.after ?? '?',
          'new client while down': newcomer,
          'room seq max before → first after': `${Math.max(...seqs('before'))} → ${Math.min(...seqs('after'))}`,
        },
        ...(!localServed && {
          note: 'room publishes need Redis (INCR of the room seq) and fail while it is down',
        }),
      };
    } finally {
      clearInterval(timer);
      for (const s of [receiver, localPublisher, remotePublisher]) s.disconnect();
      await Promise.all([a.stop(), b.stop()]);
      await redis.stop();
    }
  },
};
