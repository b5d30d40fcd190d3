import { afterAll, describe, expect, it } from 'vitest';
import { client, closeClients, connected, type TestClient } from './support/clients.js';
import { spawnNode, stopSpawned, type SpawnedNode } from './support/nodes.js';
import { startRedis, type RedisServer } from '@sockscope/testkit';
import { hs256Token } from './support/tokens.js';
import { waitFor } from './support/wait-for.js';

let redis: RedisServer | undefined;
afterAll(async () => {
  closeClients();
  await stopSpawned();
  await redis?.stop();
});

/** Points a client's next reconnection at another node (what a balancer does after a drain). */
function retarget(socket: TestClient, node: SpawnedNode): void {
  const manager = socket.io as unknown as { uri: string; opts: { hostname: string; port: string } };
  manager.uri = node.url;
  manager.opts.hostname = '127.0.0.1';
  manager.opts.port = String(node.port);
}

describe('connection state recovery with the Redis Streams adapter', () => {
  it('subscribers moved off a draining node recover with 0 lost and 0 duplicated while messages flow', async () => {
    redis = await startRedis();
    // Separate processes: the seam is a race between Redis replies, which needs real I/O.
    const common = { REDIS_URL: redis.url, RATE_LIMIT_RATE: '100000', RATE_LIMIT_BURST: '100000' };
    const draining = await spawnNode({ ...common, NODE_ID: 'seam-a' });
    const staying = await spawnNode({ ...common, NODE_ID: 'seam-b' });

    const subscribers = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const socket = await connected(
          client(draining.url, await hs256Token({ sub: `sub-${i}` }), {
            reconnection: true,
            reconnectionDelay: 50,
            reconnectionDelayMax: 100,
          }),
        );
        expect(await socket.emitWithAck('room:join', { room: 'seam' })).toEqual({ ok: true });
        const seqs: number[] = [];
        socket.on('room:message', (message) => seqs.push(message.seq));
        retarget(socket, staying);
        return { socket, seqs };
      }),
    );
    const publisher = await connected(client(staying.url, await hs256Token({ sub: 'publisher' })));
    let publishing = true;
    let last = 0;
    // Four publishes in flight at a time, so broadcasts keep arriving while sessions restore.
    const flow = (async () => {
      while (publishing) {
        const acks = await Promise.all(
          [0, 1, 2, 3].map(() =>
            publisher.emitWithAck('room:publish', { room: 'seam', payload: 0 }),
          ),
        );
        for (const ack of acks) if (ack.ok) last = Math.max(last, ack.seq);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();

    await waitFor(() => last >= 100, { what: 'messages to flow' });
    await draining.stop(); // SIGTERM: drain, sessions saved in Redis
    await waitFor(() => subscribers.every((s) => s.socket.connected), {
      timeoutMs: 15_000,
      what: 'every subscriber to reconnect to the other node',
    });
    const atReconnect = last;
    await waitFor(() => last >= atReconnect + 200, { what: 'more messages after the move' });
    publishing = false;
    await flow;
    await waitFor(() => subscribers.every((s) => s.seqs.at(-1) === last), {
      what: 'every subscriber to get the last message',
    });

    for (const { socket, seqs } of subscribers) {
      expect(socket.recovered).toBe(true);
      expect(new Set(seqs).size).toBe(seqs.length); // 0 duplicated
      expect(seqs).toEqual(Array.from({ length: last }, (_, i) => i + 1)); // 0 lost, in order
    }
    expect(last).toBeGreaterThan(300);
  }, 60_000);
});
