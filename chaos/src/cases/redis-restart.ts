import { randomBytes } from 'node:crypto';
import {
  connectClient,
  startRedis,
  type ClientSocket,
  type PrometheusServer,
} from '@sockscope/testkit';
import { exportedAdapterUp, firstTrue, readyzAdapterUp } from '../adapter-signals.js';
import type { ChaosCase } from '../chaos-case.js';
import { spawnExporter, type ExporterProcess } from '../exporter-process.js';
import { probe } from '../http-probe.js';
import { spawnPrometheus } from '../prometheus-process.js';
import { spawnNode, userToken } from '../realtime.js';

const DOWN_MS = 10_000;
const RATE_MS = 100; // 10 publishes/s
/** The node's SEQUENCE_TIMEOUT_MS (its default) and the slack allowed on a loaded machine. */
const SEQUENCE_TIMEOUT_MS = 1000;
const ACK_BOUND_MS = SEQUENCE_TIMEOUT_MS + 1000;
const ALERT = 'SocketIOAdapterDown';

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

/**
 * Case 3: Redis down for 10 s under the Redis Streams adapter, two nodes, each with its exporter
 * and one Prometheus with the shipped rules: cross-node loss, resume, and what /readyz,
 * `socketio_adapter_up` and the `SocketIOAdapterDown` alert say.
 */
export const redisRestart: ChaosCase = {
  name: 'redis-restart',
  issueCase: 3,
  short: false,
  timeoutMs: () => 150_000,
  async run({ log }) {
    const redis = await startRedis();
    const token = randomBytes(24).toString('base64url');
    const env = {
      REDIS_URL: redis.url,
      RATE_LIMIT_RATE: '100',
      RATE_LIMIT_BURST: '200',
      INSTRUMENT_TOKEN: token,
    };
    const [a, b] = await Promise.all([spawnNode(env), spawnNode(env)]);
    const nodes = [a, b];
    const exporters: ExporterProcess[] = [];
    let prometheus: PrometheusServer | undefined;
    const sidecars = async (): Promise<void> => {
      for (const node of nodes)
        exporters.push(
          await spawnExporter({
            target: node.url,
            token,
            apiToken: randomBytes(16).toString('hex'),
          }),
        );
      prometheus = await spawnPrometheus({
        exporters: exporters.map((e) => new URL(e.url).host),
        interval: '1s',
      });
    };
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
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
    try {
      await sidecars();
      const everyReadyz = (up: boolean) => async () =>
        (await Promise.all(nodes.map((n) => readyzAdapterUp(n.url)))).every((v) => v === up);
      const everyExported = (value: number) => async () =>
        (await Promise.all(exporters.map((e) => exportedAdapterUp(e.url)))).every(
          (v) => v === value,
        );
      const alerted = async () =>
        ((await prometheus?.alerts()) ?? []).filter(
          (x) => x.labels.alertname === ALERT && (x.state === 'pending' || x.state === 'firing'),
        );
      const alertOnEveryNode = async () => {
        const on = new Set((await alerted()).map((x) => x.labels.node));
        return nodes.every((n) => on.has(n.id));
      };
      // Control: before the outage every signal says up and the alert is silent.
      const settled = Date.now();
      const upBefore =
        (await firstTrue(everyReadyz(true), settled, settled + 20_000)) !== undefined &&
        (await firstTrue(everyExported(1), settled, settled + 20_000)) !== undefined;
      await sleep(2000);
      const alertBefore = (await alerted()).length;
      log('stopping redis');
      await redis.process.stop('SIGTERM', 5000);
      phase = 'down';
      const downAt = Date.now();
      const watchUntil = downAt + DOWN_MS - 500;
      let alertStates = '';
      const [readyzDownMs, exportedDownMs, alertMs, newcomer] = await Promise.all([
        firstTrue(everyReadyz(false), downAt, watchUntil),
        firstTrue(everyExported(0), downAt, watchUntil),
        firstTrue(
          async () => {
            if (!(await alertOnEveryNode())) return false;
            alertStates = [...new Set((await alerted()).map((x) => x.state))].join('+');
            return true;
          },
          downAt,
          watchUntil,
        ),
        (async () => {
          await sleep(2000);
          readyz.down = `${(await probe(`${a.url}/readyz`)).status}/${(await probe(`${b.url}/readyz`)).status}`;
          // A new client during the outage: can it connect and join on A?
          return connect(a.url, 'newcomer').then(
            (socket) => (socket.disconnect(), 'yes'),
            (e: unknown) => `no (${e instanceof Error ? e.message : String(e)})`,
          );
        })(),
      ]);
      await sleep(DOWN_MS - (Date.now() - downAt));
      log('starting redis again');
      await redis.restart();
      phase = 'after';
      const upAt = Date.now();
      const upUntil = upAt + 30_000;
      // Cross-node delivery resumes by itself: the first remote message received after restart.
      const [resumedMs, readyzUpMs, exportedUpMs, alertClearedMs] = await Promise.all([
        firstTrue(
          async () =>
            acked.some(
              (x) => x.phase === 'after' && x.key.includes('remote') && received.has(x.key),
            ),
          upAt,
          upUntil,
        ).then(() => {
          const back = acked.find(
            (x) => x.phase === 'after' && x.key.includes('remote') && received.has(x.key),
          );
          return back === undefined ? undefined : back.at - upAt;
        }),
        firstTrue(everyReadyz(true), upAt, upUntil),
        firstTrue(everyExported(1), upAt, upUntil),
        firstTrue(async () => (await alerted()).length === 0, upAt, upUntil),
      ]);
      await sleep(3000);
      clearInterval(timer);
      await sleep(1500);
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
      const ms = (value: number | undefined) => (value === undefined ? 'never' : `${value}ms`);
      const signalled =
        upBefore &&
        alertBefore === 0 &&
        readyz.down === '200/200' &&
        readyzDownMs !== undefined &&
        exportedDownMs !== undefined &&
        alertMs !== undefined &&
        readyzUpMs !== undefined &&
        exportedUpMs !== undefined;
      const pass =
        signalled &&
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
          'readyz adapter up:false on A+B after': ms(readyzDownMs),
          'socketio_adapter_up 0 on both exporters after': ms(exportedDownMs),
          [`${ALERT} on both nodes after`]:
            alertMs === undefined ? 'never' : `${alertMs}ms (${alertStates})`,
          'readyz up:true again after restart': ms(readyzUpMs),
          'socketio_adapter_up 1 again after restart': ms(exportedUpMs),
          'alert cleared after restart': ms(alertClearedMs),
          'new client while down': newcomer,
          'room seq max before → first after': `${maxBefore} → ${minAfter}`,
        },
        ...(!signalled && {
          note: `readyz, socketio_adapter_up and ${ALERT} must say down during the outage and up after (alerts before: ${alertBefore})`,
        }),
        ...(signalled &&
          !answeredInTime && {
            note: `publishes during the outage must be answered within ${ACK_BOUND_MS} ms`,
          }),
        ...(signalled &&
          answeredInTime &&
          !seqForward && { note: 'the room seq went backwards after the restart' }),
      };
    } finally {
      clearInterval(timer);
      for (const s of [receiver, localPublisher, remotePublisher]) s.disconnect();
      await prometheus?.stop();
      await Promise.all(exporters.map((e) => e.stop()));
      await Promise.all([a.stop(), b.stop()]);
      await redis.stop();
    }
  },
};
