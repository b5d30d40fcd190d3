import { connectClient, nodeOf, type ClientSocket } from '@sockscope/testkit';

export interface SwarmClient {
  socket: ClientSocket;
  /** Node the client first connected to. */
  firstNode: string | undefined;
  /** When it last lost its connection (ms epoch), if it did. */
  disconnectedAt?: number;
  /** When it was connected again after that. */
  reconnectedAt?: number;
  /** Whether the reconnect restored the session (connection state recovery). */
  recovered?: boolean;
  /** Room `seq`s received, in order (duplicates kept). */
  seqs: number[];
}

export interface SwarmOptions {
  url: string;
  count: number;
  /** Mints the token of client i. */
  token: (index: number) => Promise<string> | string;
  /** Room client i joins (and rejoins when a reconnect did not recover). @default none */
  room?: (index: number) => string;
  /** Connections in flight at once. @default 100 */
  concurrency?: number;
}

/**
 * `count` websocket clients that reconnect by themselves, each recording when it lost and got
 * back its connection and every room message `seq`.
 */
export async function startSwarm(options: SwarmOptions): Promise<SwarmClient[]> {
  const clients: SwarmClient[] = new Array<SwarmClient>(options.count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.count) {
      const index = next++;
      const token = await options.token(index);
      const socket = await connectClient(options.url, {
        token,
        transports: ['websocket'],
        reconnectionDelay: 500,
        reconnectionDelayMax: 2000,
        connectTimeoutMs: 30_000,
      });
      const client: SwarmClient = { socket, firstNode: nodeOf(socket), seqs: [] };
      clients[index] = client;
      socket.on('room:message', (message) => client.seqs.push(message.seq));
      socket.on('disconnect', () => {
        client.disconnectedAt ??= Date.now();
      });
      socket.on('connect', () => {
        if (client.disconnectedAt === undefined || client.reconnectedAt !== undefined) return;
        client.reconnectedAt = Date.now();
        client.recovered = socket.recovered;
        const room = options.room?.(index);
        if (room !== undefined && !socket.recovered) socket.emit('room:join', { room }, () => {});
      });
      const room = options.room?.(index);
      if (room !== undefined) {
        const ack = await socket.timeout(30_000).emitWithAck('room:join', { room });
        if (!ack.ok) throw new Error(`room:join refused: ${ack.error}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 100 }, worker));
  return clients;
}

export function closeSwarm(clients: readonly (SwarmClient | undefined)[]): void {
  for (const client of clients) client?.socket.disconnect();
}
