import {
  runPollingSessions,
  startHaproxy,
  stopAll,
  type Haproxy,
  type PollingSessionsResult,
} from '@sockscope/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from './support/cluster.js';

const SESSIONS = 1000;

describe('cluster: sticky sessions through a real HAProxy', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await startCluster({ redis: false, prefix: 's' });
  }, 60_000);

  afterAll(() => stopAll());

  const run = async (
    sticky: boolean,
  ): Promise<{ result: PollingSessionsResult; haproxy: Haproxy }> => {
    const haproxy = await startHaproxy({
      backends: cluster.nodes.map((node) => ({ id: node.id, url: node.url })),
      sticky,
    });
    const result = await runPollingSessions({
      url: haproxy.url,
      count: SESSIONS,
      concurrency: 50,
      room: `sticky-${sticky}`,
      token: (i) => cluster.token(`poller-${i}`),
    });
    await haproxy.stop();
    return { result, haproxy };
  };

  it(
    '1,000 polling-only sessions with the generated sticky config: 0 `Session ID unknown`',
    { timeout: 90_000 },
    async () => {
      const { result, haproxy } = await run(true);
      expect(haproxy.config).toContain('use-server');
      expect(result.samples).toEqual([]);
      expect(result).toMatchObject({
        completed: SESSIONS,
        connectErrors: 0,
        disconnects: 0,
        sessionIdUnknown: 0,
        timeouts: 0,
      });
      // The server side, from HAProxy's access log: every request of a session reached the node
      // that owns it, so no node answered 400 `{"code":1,"message":"Session ID unknown"}` for a
      // session it never had. (Its own node may answer 400 to a long-poll that arrives after the
      // client's close packet: that session was over.)
      const stats = haproxy.stats();
      expect(stats.withSid).toBeGreaterThan(SESSIONS * 3);
      expect(stats).toMatchObject({ misrouted: 0, misroutedSessionIdUnknown: 0 });
    },
  );

  it(
    'negative control: the same sessions through plain round-robin DO see `Session ID unknown`',
    { timeout: 90_000 },
    async () => {
      const { result, haproxy } = await run(false);
      expect(haproxy.config).not.toContain('use-server');
      expect(result.sessionIdUnknown).toBeGreaterThan(0);
      expect(result.completed).toBeLessThan(SESSIONS);
      const stats = haproxy.stats();
      expect(stats.misrouted).toBeGreaterThan(0);
      expect(stats.misroutedSessionIdUnknown).toBeGreaterThan(0);
    },
  );
});
