import { connectClient, type ClientSocket } from '@sockscope/testkit';

export interface Publisher {
  /** Acked `seq`s per room. */
  published: Map<string, number[]>;
  /** Publishes that were refused or timed out. */
  failures: number;
  /** Stops publishing and waits for the acks in flight. */
  stop(): Promise<void>;
  socket: ClientSocket;
}

/** Publishes `perSecond` messages, cycling through `rooms`, and records each acked seq. */
export async function startPublisher(
  url: string,
  token: string,
  rooms: readonly string[],
  perSecond: number,
): Promise<Publisher> {
  const socket = await connectClient(url, { token, transports: ['websocket'] });
  const published = new Map<string, number[]>(rooms.map((room) => [room, []]));
  const inFlight = new Set<Promise<void>>();
  let failures = 0;
  let sent = 0;
  const started = Date.now();
  const publishOne = async (room: string): Promise<void> => {
    try {
      const ack = await socket
        .timeout(10_000)
        .emitWithAck('room:publish', { room, payload: { n: sent } });
      if (ack.ok) published.get(room)?.push(ack.seq);
      else failures++;
    } catch {
      failures++;
    }
  };
  // Catch up on the schedule each tick, so a slow tick does not lower the rate.
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - started) / 1000) * perSecond);
    while (sent < due) {
      const room = rooms[sent % rooms.length] as string;
      sent++;
      const p = publishOne(room).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  }, 20);
  return {
    published,
    socket,
    get failures() {
      return failures;
    },
    async stop() {
      clearInterval(timer);
      await Promise.all([...inFlight]);
    },
  };
}
