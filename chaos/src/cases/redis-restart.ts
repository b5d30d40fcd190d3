import { connectClient, startRedis, type ClientSocket } from '@sockscope/testkit';
import type { ChaosCase } from '../chaos-case.js';
import { probe } from '../http-probe.js';
import { spawnNode, userToken } from '../realtime.js';

const DOWN_MS = 10_000;
const RATE_MS = 100; // 10 publishes/s
/** The node's SEQUENCE_TIMEOUT_MS (its default) and the slack allowed on a loaded machine. */
const SEQUENCE_TIMEOUT_MS = 1000;
const ACK_BOUND_MS = SEQUENCE_TIMEOUT_MS + 1000;

interface Phase {
  sent: number;
  acked: number;
  /** Answered `sequence unavailable` (the node could not get a seq from Redis in time). */
  unavailable: number;
  /** Any other refusal, or no ack within 5 s. */
  failed: number;
  /** Slowest answer, ms. */
  slowestMs: number;
}
const emptyPhase = (): Phase => ({ sent: 0, acked: 0, unavailable: 0, failed: 0, slowestMs: 0 });

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
      const stats = (phases[`${origin}-${current}`] ??= emptyPhase());
      stats.sent++;
      const sentAt = Date.now();
      socket
        .timeout(5000)
        .emitWithAck('room:publish', { room: 'cross', payload: JSON.parse(key) as object })
        .then((ack) => {
          stats.slowestMs = Math.max(stats.slowestMs, Date.now() - sentAt);
          if (!ack.ok) {
            if (ack.error === 'sequence unavailable') stats.unavailable++;
            else stats.failed++;
            return;
          }
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
        const s = phases[`${origin}-${p}`] ?? emptyPhase();
        const refused = s.unavailable > 0 ? `, ${s.unavailable} sequence unavailable` : '';
        const other = s.failed > 0 ? `, ${s.failed} failed/hung` : '';
        return `${s.acked}/${s.sent} acked${refused}${other}, ${lost(origin, p)} lost, slowest ${s.slowestMs}ms`;
      };
      // During the outage every publish gets an answer (ok or `sequence unavailable`) in time.
      const downPhases = ['local-down', 'remote-down'].map((k) => phases[k] ?? emptyPhase());
      const answeredInTime = downPhases.every(
        (s) => s.sent > 0 && s.failed === 0 && s.slowestMs <= ACK_BOUND_MS,
      );
      const seqs = (p: string) => acked.filter((x) => x.phase === p).map((x) => x.seq);
      const maxBefore = Math.max(...seqs('before'), ...seqs('down'));
      const minAfter = Math.min(...seqs('after'));
      const seqForward = seqs('after').length > 0 && minAfter > maxBefore;
      const pass =
        answeredInTime &&
        seqForward &&
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
          'room seq max before → first after': `${maxBefore} → ${minAfter}`,
        },
        ...(!answeredInTime && {
          note: `publishes during the outage must be answered within ${ACK_BOUND_MS} ms`,
        }),
        ...(answeredInTime &&
          !seqForward && { note: 'the room seq went backwards after the restart' }),
      };
    } finally {
      clearInterval(timer);
      for (const s of [receiver, localPublisher, remotePublisher]) s.disconnect();
      await Promise.all([a.stop(), b.stop()]);
      await redis.stop();
    }
  },
};
