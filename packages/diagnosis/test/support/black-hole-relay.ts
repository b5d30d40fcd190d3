import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface BlackHoleRelay {
  /** `http://127.0.0.1:<port>`: connect clients here instead of the node. */
  url: string;
  /**
   * The network drops: every open connection stops carrying bytes in both directions, and
   * nothing is closed (no FIN, no RST), as when a phone loses its signal. New connections go
   * through, so clients can come back.
   */
  blackHole(): void;
  /**
   * The network path resets: every open connection is closed at once on both sides (an
   * outage, not a drain: the node says nothing to its clients). New connections go through.
   */
  cut(): void;
  close(): Promise<void>;
}

/** A TCP relay to `target` (`http://host:port`) that can black-hole its open connections. */
export async function startBlackHoleRelay(target: string): Promise<BlackHoleRelay> {
  const { hostname, port } = new URL(target);
  const pairs = new Set<{ client: Socket; upstream: Socket; dead: boolean }>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    const pair = { client, upstream, dead: false };
    pairs.add(pair);
    client.on('data', (chunk) => {
      if (!pair.dead) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!pair.dead) client.write(chunk);
    });
    const end = (): void => {
      // A black-holed connection tells neither side that the other went away.
      if (pair.dead) return;
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    blackHole() {
      for (const pair of pairs) pair.dead = true;
    },
    cut() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      pairs.clear();
    },
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
