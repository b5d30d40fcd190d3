import { io as connect, type Socket } from 'socket.io-client';

export type Client = Socket;

/** Connects a real socket.io-client and waits for `connect`. */
export async function connectClient(
  url: string,
  options: Parameters<typeof connect>[1] = {},
): Promise<Client> {
  const socket = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...options,
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('client did not connect')), 20_000);
    socket.once('connect', () => (clearTimeout(timer), resolve()));
    socket.once('connect_error', (e) => (clearTimeout(timer), reject(e)));
  });
  return socket;
}
