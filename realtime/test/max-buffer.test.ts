import { afterEach, describe, expect, it } from 'vitest';
import { client, closeClients, connected } from './support/clients.js';
import { startNode, stopNodes } from './support/nodes.js';
import { hs256Token } from './support/tokens.js';
import { waitFor } from './support/wait-for.js';

afterEach(async () => {
  closeClients();
  await stopNodes();
});

describe('maxHttpBufferSize', () => {
  it.each(['websocket', 'polling'] as const)(
    'a message over the limit closes that %s connection within 1 s and never reaches the handler',
    async (transport) => {
      const node = await startNode({ maxHttpBufferSize: 100_000 });
      const receiver = await connected(client(node.url, await hs256Token({ sub: 'receiver' })));
      const sender = await connected(
        client(node.url, await hs256Token({ sub: 'sender' }), { transports: [transport] }),
      );
      await receiver.emitWithAck('room:join', { room: 'big' });
      const received: unknown[] = [];
      receiver.on('room:message', (message) => received.push(message.payload));

      // Control: just under the limit is delivered.
      const fits = 'y'.repeat(90_000);
      expect((await sender.emitWithAck('room:publish', { room: 'big', payload: fits })).ok).toBe(
        true,
      );
      await waitFor(() => received.length === 1, { what: 'the message under the limit' });
      const handledBefore = node.stats.eventsHandled;

      const closed = new Promise<{ at: number; reason: string }>((resolve) =>
        sender.once('disconnect', (reason) => resolve({ at: performance.now(), reason })),
      );
      const sentAt = performance.now();
      sender.emit('room:publish', { room: 'big', payload: 'x'.repeat(150_000) }, () => {
        throw new Error('an oversized publish must never be acked');
      });
      const { at, reason } = await closed;
      expect(at - sentAt).toBeLessThan(1000);
      expect(reason).toMatch(/transport (close|error)/);

      // The handler never ran: no count, and a later marker is the only thing the room gets.
      const marker = await connected(client(node.url, await hs256Token({ sub: 'marker' })));
      expect(
        (await marker.emitWithAck('room:publish', { room: 'big', payload: 'marker' })).ok,
      ).toBe(true);
      await waitFor(() => received.length === 2, { what: 'the marker' });
      expect(received).toEqual([fits, 'marker']);
      expect(node.stats.eventsHandled).toBe(handledBefore + 1); // the marker only
      await waitFor(() => node.io.of('/').sockets.size === 2, {
        what: 'the server to drop the sender',
      });
    },
  );
});
