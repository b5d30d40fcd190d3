import type { RoomMessage } from '@sockscope/contracts';
import {
  connectClient,
  nodeOf,
  startHaproxy,
  stopAll,
  waitFor,
  type ClientSocket,
  type Haproxy,
} from '@sockscope/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lossAndDuplicates, range, startCluster, type TestCluster } from './support/cluster.js';

const SUBSCRIBERS = 30;
const MIN_MESSAGES = 1000;
/** Messages still published after the last moved client is back, so the tail is covered too. */
const AFTER_RECOVERY = 200;

interface Subscriber {
  socket: ClientSocket;
  firstNode: string | undefined;
  seqs: number[];
  disconnectedAt: number[];
  reconnects: { at: number; recovered: boolean; node: string | undefined }[];
}

describe('cluster: recovery when a node drains', () => {
  let cluster: TestCluster;
  let haproxy: Haproxy;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    cluster = await startCluster({ redis: true, prefix: 'r' });
    haproxy = await startHaproxy({
      backends: cluster.nodes.map((node) => ({ id: node.id, url: node.url })),
      sticky: true,
    });
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await stopAll();
  });

  it(
    'a node drained with SIGTERM: its clients come back on other nodes with recovered === true, 0 gaps, 0 duplicates',
    { timeout: 120_000 },
    async () => {
      const room = `recovery-${Date.now()}`;
      const subscribers: Subscriber[] = [];
      for (let i = 0; i < SUBSCRIBERS; i += 1) {
        const socket = await connectClient(haproxy.url, {
          token: await cluster.token(`sub-${i}`),
          reconnectionDelay: 100,
          reconnectionDelayMax: 500,
        });
        sockets.push(socket);
        const subscriber: Subscriber = {
          socket,
          firstNode: nodeOf(socket),
          seqs: [],
          disconnectedAt: [],
          reconnects: [],
        };
        socket.on('room:message', (message: RoomMessage) => subscriber.seqs.push(message.seq));
        socket.on('disconnect', () => subscriber.disconnectedAt.push(Date.now()));
        socket.on('connect', () =>
          subscriber.reconnects.push({
            at: Date.now(),
            recovered: socket.recovered,
            node: nodeOf(socket),
          }),
        );
        expect(await socket.emitWithAck('room:join', { room })).toEqual({ ok: true });
        subscribers.push(subscriber);
      }

      // Drain the node holding the most subscribers; publish from another one, directly.
      const perNode = new Map<string, number>();
      for (const s of subscribers)
        perNode.set(s.firstNode ?? '?', (perNode.get(s.firstNode ?? '?') ?? 0) + 1);
      const victim = cluster.nodes.reduce((a, b) =>
        (perNode.get(a.id) ?? 0) >= (perNode.get(b.id) ?? 0) ? a : b,
      );
      const moved = subscribers.filter((s) => s.firstNode === victim.id);
      expect(moved.length).toBeGreaterThan(0);
      const publisherNode = cluster.nodes.find((node) => node.id !== victim.id)!;
      const publisher = await connectClient(publisherNode.url, {
        token: await cluster.token('publisher'),
        transports: ['websocket'],
      });
      sockets.push(publisher);

      const published: { seq: number; at: number }[] = [];
      const publish = async (): Promise<void> => {
        const ack = await publisher
          .timeout(10_000)
          .emitWithAck('room:publish', { room, payload: published.length });
        if (!ack.ok) throw new Error(`publish refused: ${ack.error}`);
        published.push({ seq: ack.seq, at: ack.serverTs });
      };
      const movedBack = (): boolean => moved.every((s) => s.reconnects.length > 0);

      let drained: Promise<unknown> | undefined;
      let publishedWhenBack: number | undefined;
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        await publish();
        if (published.length === 250) drained = victim.stop('SIGTERM');
        if (drained && publishedWhenBack === undefined && movedBack())
          publishedWhenBack = published.length;
        const enough = published.length >= MIN_MESSAGES;
        if (
          enough &&
          publishedWhenBack !== undefined &&
          published.length >= publishedWhenBack + AFTER_RECOVERY
        )
          break;
        // Pace the flow so the drain and the reconnections happen while messages keep coming.
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
      expect(publishedWhenBack, 'every client of the drained node reconnected').toBeDefined();
      expect(await drained).toEqual({ code: 0, signal: null });

      const seqs = published.map((p) => p.seq);
      const last = Math.max(...seqs);
      expect(seqs).toEqual(range(1, published.length));
      await waitFor(() => subscribers.every((s) => s.seqs.includes(last)), {
        timeoutMs: 30_000,
        message: 'every subscriber to receive the last message',
      });

      // Every subscriber, moved or not: exactly 1..N, nothing twice.
      for (const [index, s] of subscribers.entries()) {
        const { lost, duplicated } = lossAndDuplicates(s.seqs, seqs);
        const when = (seq: number): string =>
          `${seq} published at ${published[seq - 1]!.at}, client disconnected at ${s.disconnectedAt.join(',')}, back at ${s.reconnects.map((r) => r.at).join(',')}`;
        expect({
          index,
          moved: s.firstNode === victim.id,
          lost: lost.map(when),
          duplicated,
        }).toEqual({
          index,
          moved: s.firstNode === victim.id,
          lost: [],
          duplicated: [],
        });
      }
      // The moved ones came back once each, recovered, on another node.
      for (const s of moved) {
        expect(s.disconnectedAt.length).toBeGreaterThanOrEqual(1);
        const back = s.reconnects[0]!;
        expect(back).toMatchObject({ recovered: true });
        expect(back.node).not.toBe(victim.id);
        expect(back.node).toBeDefined();
      }
      // The gap was real: messages were published while the moved clients were away.
      const gapStart = Math.min(...moved.map((s) => s.disconnectedAt[0]!));
      const gapEnd = Math.max(...moved.map((s) => s.reconnects[0]!.at));
      const inGap = published.filter((p) => p.at >= gapStart && p.at <= gapEnd).length;
      expect(inGap).toBeGreaterThan(0);
      expect(published.length).toBeGreaterThanOrEqual(MIN_MESSAGES);
      // Clients that stayed were never disconnected.
      for (const s of subscribers.filter((x) => x.firstNode !== victim.id))
        expect(s.disconnectedAt).toEqual([]);
    },
  );
});
