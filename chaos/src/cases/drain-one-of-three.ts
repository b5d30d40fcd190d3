import { mintToken, startRedis, startStack, waitFor } from '@sockscope/testkit';
import { percent, type ChaosCase } from '../chaos-case.js';
import { countDelivery, settle } from '../delivery-check.js';
import { startPublisher } from '../publisher.js';
import { closeSwarm, startSwarm } from '../swarm.js';

const CLIENTS = 2000;
const ROOMS = 20;
const RATE = 50;
const roomOf = (index: number): string => `chaos-${index % ROOMS}`;

/** Case 1: SIGTERM (graceful drain) of one of 3 Redis Streams nodes under load. */
export const drainOneOfThree: ChaosCase = {
  name: 'drain-one-of-three',
  issueCase: 1,
  short: false,
  timeoutMs: () => 240_000,
  async run({ log }) {
    const redis = await startRedis();
    const stack = await startStack({
      nodes: 3,
      env: {
        REDIS_URL: redis.url,
        LOG_LEVEL: 'warn',
        // one publisher sends 50/s: above the per-socket default of 20/s
        RATE_LIMIT_RATE: '200',
        RATE_LIMIT_BURST: '400',
      },
    });
    const { jwt, nodes, entry } = stack.stackFile;
    const token = (sub: string) =>
      mintToken({ secret: jwt.secret, issuer: jwt.issuer, audience: jwt.audience, sub });
    log(`connecting ${CLIENTS} clients through ${entry}`);
    const clients = await startSwarm({
      url: entry,
      count: CLIENTS,
      token: (i) => token(`user-${i}`),
      room: roomOf,
    });
    try {
      const [survivor, victim] = [nodes[0], nodes[1]];
      if (!survivor || !victim) throw new Error('the stack has fewer than 2 nodes');
      const rooms = Array.from({ length: ROOMS }, (_, i) => `chaos-${i}`);
      const publisher = await startPublisher(survivor.url, await token('publisher'), rooms, RATE);
      await new Promise((resolve) => setTimeout(resolve, 3000)); // traffic before the fault
      const onVictim = clients.filter((c) => c.firstNode === victim.id);
      log(`draining ${victim.id} (${onVictim.length} clients)`);
      const drainedAt = Date.now();
      stack.signalNode(victim.id, 'SIGTERM');
      await waitFor(() => onVictim.every((c) => c.reconnectedAt !== undefined), {
        timeoutMs: 20_000,
        message: 'reconnects',
      }).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 5000)); // traffic after the fault
      await publisher.stop();
      await settle(clients, roomOf, publisher.published, 10_000);
      const inTime = onVictim.filter(
        (c) => c.reconnectedAt !== undefined && c.reconnectedAt - drainedAt <= 10_000,
      ).length;
      const recovered = onVictim.filter((c) => c.recovered === true).length;
      const delivery = countDelivery(clients, roomOf, publisher.published);
      const n = onVictim.length;
      const pass =
        n > 0 &&
        inTime >= 0.99 * n &&
        recovered >= 0.99 * n &&
        delivery.lost === 0 &&
        delivery.duplicated === 0 &&
        publisher.failures === 0;
      return {
        pass,
        numbers: {
          clients: CLIENTS,
          'on drained node': n,
          reconnected: `${percent(inTime, n)} (${inTime}/${n}) within 10s`,
          recovered: `${percent(recovered, n)} (${recovered}/${n})`,
          deliveries: delivery.expected,
          lost: delivery.lost,
          duplicated: delivery.duplicated,
          'publish failures': publisher.failures,
        },
      };
    } finally {
      closeSwarm(clients);
      await stack.stop();
      await redis.stop();
    }
  },
};
