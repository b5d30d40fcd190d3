import { mintToken, startStack } from '@sockscope/testkit';
import { percent, type ChaosCase } from '../chaos-case.js';
import { dashboardCookie, probe, timeUntil } from '../http-probe.js';
import { startPublisher } from '../publisher.js';
import { closeSwarm, startSwarm } from '../swarm.js';

const CLIENTS = 2000;

/** Case 2: SIGKILL of one of 3 nodes; exporter and dashboard must say it is down. */
export const sigkillOneNode: ChaosCase = {
  name: 'sigkill-one-node',
  issueCase: 2,
  short: false,
  timeoutMs: () => 180_000,
  async run({ log }) {
    const stack = await startStack({
      nodes: 3,
      env: { LOG_LEVEL: 'warn', RATE_LIMIT_RATE: '200', RATE_LIMIT_BURST: '400' },
    });
    const { jwt, nodes, entry, exporters, dashboard } = stack.stackFile;
    const token = (sub: string) =>
      mintToken({ secret: jwt.secret, issuer: jwt.issuer, audience: jwt.audience, sub });
    const clients = await startSwarm({ url: entry, count: CLIENTS, token: (i) => token(`u-${i}`) });
    try {
      const [survivor, victim] = [nodes[0], nodes[1]];
      const exporter = exporters.find((e) => e.node === victim?.id);
      if (!survivor || !victim || !exporter) throw new Error('stack without 2 nodes and exporters');
      const cookie = dashboard ? await dashboardCookie(dashboard.url, dashboard.token) : undefined;
      const publisher = await startPublisher(survivor.url, await token('pub'), ['alive'], 20);
      const onVictim = clients.filter((c) => c.firstNode === victim.id);
      const others = clients.filter((c) => c.firstNode !== victim.id);
      log(`SIGKILL ${victim.id} (${onVictim.length} clients)`);
      const killedAt = Date.now();
      stack.signalNode(victim.id, 'SIGKILL');
      const [readyzMs, targetUpMs, dashboardMs] = await Promise.all([
        timeUntil(
          async () => (await probe(`${exporter.url}/readyz`)).status === 503,
          killedAt,
          15_000,
        ),
        timeUntil(
          async () =>
            new RegExp(`sockscope_target_up\\{[^}]*node="${victim.id}"[^}]*\\} 0\\b`).test(
              (await probe(`${exporter.url}/metrics`)).body,
            ),
          killedAt,
          15_000,
        ),
        dashboard && cookie
          ? timeUntil(
              async () => {
                const res = await probe(`${dashboard.url}/api/nodes`, { headers: { cookie } });
                if (res.status !== 200) return false;
                const view = JSON.parse(res.body) as { nodes: { node: string; state: string }[] };
                const state = view.nodes.find((n) => n.node === victim.id)?.state;
                return state === 'down' || state === 'unavailable';
              },
              killedAt,
              15_000,
            )
          : Promise.resolve(undefined),
      ]);
      await timeUntil(
        () => Promise.resolve(onVictim.every((c) => c.reconnectedAt !== undefined)),
        killedAt,
        20_000,
      );
      await publisher.stop();
      const inTime = onVictim.filter(
        (c) => c.reconnectedAt !== undefined && c.reconnectedAt - killedAt <= 15_000,
      ).length;
      const othersDropped = others.filter((c) => c.disconnectedAt !== undefined).length;
      const published = publisher.published.get('alive')?.length ?? 0;
      const n = onVictim.length;
      const within = (ms: number | undefined) => ms !== undefined && ms <= 10_000;
      const pass =
        n > 0 &&
        inTime >= 0.99 * n &&
        within(readyzMs) &&
        within(targetUpMs) &&
        (dashboard === null || within(dashboardMs)) &&
        othersDropped === 0 &&
        publisher.failures === 0 &&
        published > 0;
      const ms = (value: number | undefined) => (value === undefined ? 'never' : `${value}ms`);
      return {
        pass,
        numbers: {
          'on killed node': n,
          reconnected: `${percent(inTime, n)} (${inTime}/${n}) within 15s`,
          'exporter readyz 503 after': ms(readyzMs),
          'target_up 0 after': ms(targetUpMs),
          'dashboard down after': dashboard ? ms(dashboardMs) : 'no dashboard built',
          'other nodes clients dropped': othersDropped,
          'publishes on survivor': `${published} ok / ${publisher.failures} failed`,
        },
      };
    } finally {
      closeSwarm(clients);
      await stack.stop();
    }
  },
};
