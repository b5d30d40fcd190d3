import type { RoomMessage } from '@sockscope/contracts';
import { connectClient, nodeOf, stopAll, waitFor, type ClientSocket } from '@sockscope/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lossAndDuplicates, range, startCluster, type TestCluster } from './support/cluster.js';

const MESSAGES = 10_000;
/** Publishes in flight at once: fast, without queueing thousands of acks. */
const WINDOW = 100;

describe('cluster: cross-node delivery on the Redis Streams adapter', () => {
  let cluster: TestCluster;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    cluster = await startCluster({ redis: true, prefix: 'x' });
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await stopAll();
  });

  it(
    '10,000 messages published on one node reach subscribers on the other two: 0 lost, 0 duplicated (by seq)',
    { timeout: 90_000 },
    async () => {
      const [origin, ...others] = cluster.nodes;
      if (!origin || others.length !== 2) throw new Error('expected 3 nodes');
      const room = `cross-node-${Date.now()}`;
      const connect = async (url: string, sub: string): Promise<ClientSocket> => {
        const socket = await connectClient(url, {
          token: await cluster.token(sub),
          transports: ['websocket'],
        });
        sockets.push(socket);
        return socket;
      };

      // Two subscribers on each of the two other nodes.
      const subscribers: { socket: ClientSocket; seqs: number[] }[] = [];
      for (const node of others) {
        for (let i = 0; i < 2; i += 1) {
          const socket = await connect(node.url, `sub-${node.id}-${i}`);
          expect(nodeOf(socket)).toBe(node.id);
          const seqs: number[] = [];
          socket.on('room:message', (message: RoomMessage) => seqs.push(message.seq));
          expect(await socket.emitWithAck('room:join', { room })).toEqual({ ok: true });
          subscribers.push({ socket, seqs });
        }
      }

      const publisher = await connect(origin.url, 'publisher');
      expect(nodeOf(publisher)).toBe(origin.id);
      const published: number[] = [];
      let sent = 0;
      const lane = async (): Promise<void> => {
        while (sent < MESSAGES) {
          sent += 1;
          const ack = await publisher
            .timeout(30_000)
            .emitWithAck('room:publish', { room, payload: { n: sent }, clientMsgId: `m-${sent}` });
          if (!ack.ok) throw new Error(`publish refused: ${ack.error}`);
          published.push(ack.seq);
        }
      };
      await Promise.all(Array.from({ length: WINDOW }, lane));

      // The publisher's own view: seqs are exactly one contiguous range.
      expect(published).toHaveLength(MESSAGES);
      const first = Math.min(...published);
      const expected = range(first, first + MESSAGES - 1);
      expect(lossAndDuplicates(published, expected)).toEqual({ lost: [], duplicated: [] });

      // A sentinel after the last message: once every subscriber has it, a late duplicate
      // of an earlier message (same stream, same order) would already have arrived.
      const sentinel = await publisher.emitWithAck('room:publish', { room, payload: 'sentinel' });
      if (!sentinel.ok) throw new Error(sentinel.error);
      await waitFor(() => subscribers.every((s) => s.seqs.includes(sentinel.seq)), {
        timeoutMs: 60_000,
        intervalMs: 100,
        message: `every subscriber to get the sentinel (have ${subscribers.map((s) => s.seqs.length).join(', ')})`,
      });

      for (const subscriber of subscribers) {
        const seqs = subscriber.seqs.filter((seq) => seq !== sentinel.seq);
        const { lost, duplicated } = lossAndDuplicates(seqs, expected);
        expect({
          lost: lost.length,
          duplicated: duplicated.length,
          firstLost: lost.slice(0, 5),
        }).toEqual({
          lost: 0,
          duplicated: 0,
          firstLost: [],
        });
        expect(seqs).toHaveLength(MESSAGES);
      }
    },
  );
});
