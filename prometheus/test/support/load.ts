import type { StackFile } from '@sockscope/contracts';
import { createClient } from '@sockscope/client';
import { connectClient, mintToken, waitFor, type ClientSocket } from '@sockscope/testkit';
import { io as connect, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';

/** Everything the load opened, to close at the end. */
export interface Load {
  /** Clients that stay connected, per node id. */
  steady: Map<string, ClientSocket[]>;
  /** One round of churn (see below); `round` makes its user ids distinct. */
  churn(round: number): Promise<void>;
  close(): void;
}

const tokenFor = (file: StackFile, sub: string): Promise<string> => mintToken({ ...file.jwt, sub });

/** A raw engine.io websocket session that joins `/` and never answers a ping. */
async function silentClient(url: string, token: string): Promise<void> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('silent client: no ping timeout')), 30_000);
    ws.on('message', (data: Buffer) => {
      const text = data.toString();
      if (text.startsWith('0{')) ws.send(`40${JSON.stringify({ token })}`);
      // '2' (ping) is never answered: the server closes with "ping timeout".
    });
    ws.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/**
 * Steady clients in a room on every node of the stack (directly); each churn round adds load
 * of every kind the panels show: room traffic, refused tokens, sessions that recover after
 * their transport is cut (with @sockscope/client, so they report their reason), recoveries
 * that fail (unknown pid), clients that stop answering pings, clients that leave, and
 * engine.io handshake errors.
 */
export async function generateLoad(file: StackFile, steadyPerNode: number): Promise<Load> {
  const steady = new Map<string, ClientSocket[]>();
  const others: Socket[] = [];
  const close = (): void => {
    for (const sockets of steady.values()) for (const s of sockets) s.disconnect();
    for (const s of others) s.disconnect();
  };
  try {
    for (const node of file.nodes) {
      const sockets: ClientSocket[] = [];
      steady.set(node.id, sockets);
      for (let i = 0; i < steadyPerNode; i += 1) {
        const socket = await connectClient(node.url, {
          token: await tokenFor(file, `${node.id}-steady-${i}`),
          transports: ['websocket'],
          reconnection: false,
        });
        sockets.push(socket);
        await socket.emitWithAck('room:join', { room: 'e2e' });
      }
    }
  } catch (error) {
    close();
    throw error;
  }
  return {
    steady,
    churn: async (round) => {
      try {
        await churn(file, steady, others, round);
      } catch (error) {
        close();
        throw error;
      }
    },
    close,
  };
}

/** One round of every kind of connect, error and disconnect on every node. */
async function churn(
  file: StackFile,
  steady: Map<string, ClientSocket[]>,
  others: Socket[],
  round: number,
): Promise<void> {
  await Promise.all(
    file.nodes.map(async (node) => {
      // Refused tokens (connect_error) and a missing one.
      for (const token of [
        'not-a-jwt',
        await tokenFor({ ...file, jwt: { ...file.jwt, secret: 'x'.repeat(40) } }, 'forged'),
        undefined,
      ]) {
        const socket = connect(node.url, {
          auth: token === undefined ? {} : { token },
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
        });
        others.push(socket);
        await new Promise<void>((resolve) => socket.once('connect_error', () => resolve()));
      }

      // Recoveries that fail: a pid this node never issued.
      for (let i = 0; i < 3; i += 1) {
        const socket = connect(node.url, {
          auth: {
            token: await tokenFor(file, `${node.id}-unknown-pid-${round}-${i}`),
            pid: 'unknown-pid',
            offset: '0-0',
          },
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
        });
        others.push(socket);
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', reject);
        });
      }

      // Sessions that recover after their transport is cut; the client reports its reason.
      for (let i = 0; i < 2; i += 1) {
        const token = await tokenFor(file, `${node.id}-recovering-${round}-${i}`);
        const socket = createClient(node.url, {
          token,
          transports: ['websocket'],
          reconnectionDelay: 100,
          reconnectionDelayMax: 200,
          forceNew: true,
        });
        others.push(socket);
        await waitFor(() => socket.connected, {
          timeoutMs: 15_000,
          message: 'a recovering client',
        });
        await socket.emitWithAck('room:join', { room: 'e2e' });
        // A packet with an offset to recover from.
        const got = new Promise<void>((resolve) => socket.once('room:message', () => resolve()));
        await socket.emitWithAck('room:publish', { room: 'e2e', payload: { i } });
        await got;
        const recovered = new Promise<boolean>((resolve) =>
          socket.once('connect', () => resolve(socket.recovered)),
        );
        socket.io.engine.close();
        if (!(await recovered)) throw new Error(`a session on ${node.id} did not recover`);
        // And it leaves on its own (an expected reason).
        socket.disconnect();
      }

      // Clients that stop answering the heartbeat.
      await Promise.all(
        [0, 1].map(async (i) =>
          silentClient(node.url, await tokenFor(file, `${node.id}-silent-${round}-${i}`)),
        ),
      );

      // engine.io handshake errors: an unknown sid (code 1) and a bad protocol version (5).
      for (const query of [
        `EIO=4&transport=polling&sid=${node.id}.unknown`,
        'EIO=9&transport=polling',
      ]) {
        const res = await fetch(`${node.url}/socket.io/?${query}`);
        await res.body?.cancel();
        if (res.status !== 400) throw new Error(`expected 400 for ${query}, got ${res.status}`);
      }
    }),
  );
  // Traffic in the room: events and bytes both ways.
  for (const sockets of steady.values())
    await Promise.all(
      sockets
        .slice(0, 5)
        .map((s, i) => s.emitWithAck('room:publish', { room: 'e2e', payload: { round, i } })),
    );
}
