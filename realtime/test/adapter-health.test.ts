import { startRedis, type RedisServer } from '@sockscope/testkit';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startNode, stopNodes } from './support/nodes.js';
import { waitFor } from './support/wait-for.js';

interface AdapterBody {
  kind: string;
  up: boolean;
  downSince?: string;
  downForMs?: number;
}
interface ProbeBody {
  status: string;
  adapter?: AdapterBody;
}

let redis: RedisServer | undefined;
afterEach(() => stopNodes());
afterAll(async () => {
  await redis?.stop();
});

async function probe(url: string): Promise<{ status: number; body: ProbeBody }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as ProbeBody };
}

describe('adapter health in /readyz', () => {
  it('says the Redis adapter is down while Redis is stopped, keeps readyz 200, and says up again after a restart', async () => {
    redis = await startRedis();
    const node = await startNode({ redisUrl: redis.url });
    const before = await probe(`${node.url}/readyz`);
    expect(before).toEqual({
      status: 200,
      body: { status: 'ready', adapter: { kind: 'redis', up: true } },
    });

    const stoppedAt = Date.now();
    await redis.process.stop('SIGTERM', 5000);
    const down = await waitFor(
      async () => {
        const r = await probe(`${node.url}/readyz`);
        return r.body.adapter?.up === false ? r : undefined;
      },
      { what: 'readyz to report the adapter down' },
    );
    // Still ready: a node without Redis serves its own clients (see http-routes.ts).
    expect(down.status).toBe(200);
    expect(down.body.status).toBe('ready');
    expect(down.body.adapter?.kind).toBe('redis');
    const since = Date.parse(down.body.adapter?.downSince ?? '');
    expect(since).toBeGreaterThanOrEqual(stoppedAt - 1000);
    expect(down.body.adapter?.downForMs).toBeGreaterThanOrEqual(0);
    // The same outage, read later: downSince stays, downForMs grows.
    const later = await waitFor(
      async () => {
        const r = await probe(`${node.url}/readyz`);
        return (r.body.adapter?.downForMs ?? 0) > (down.body.adapter?.downForMs ?? 0)
          ? r
          : undefined;
      },
      { what: 'downForMs to grow' },
    );
    expect(later.body.adapter?.downSince).toBe(down.body.adapter?.downSince);

    await redis.restart();
    const back = await waitFor(
      async () => {
        const r = await probe(`${node.url}/readyz`);
        return r.body.adapter?.up === true ? r : undefined;
      },
      { what: 'readyz to report the adapter up again', timeoutMs: 30_000 },
    );
    expect(back).toEqual({
      status: 200,
      body: { status: 'ready', adapter: { kind: 'redis', up: true } },
    });
  });

  it('reports the in-memory adapter as always up (control)', async () => {
    const node = await startNode();
    expect(await probe(`${node.url}/readyz`)).toEqual({
      status: 200,
      body: { status: 'ready', adapter: { kind: 'memory', up: true } },
    });
  });
});
