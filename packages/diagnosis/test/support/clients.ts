import { createClient, type SockscopeSocket, type ClientOptions } from '@sockscope/client';
import { waitFor } from '@sockscope/testkit';

const open = new Set<SockscopeSocket>();

/** A @sockscope/client socket (reports its previous disconnect on reconnect), tracked for cleanup. */
export function client(url: string, options: ClientOptions = {}): SockscopeSocket {
  const socket = createClient(url, {
    forceNew: true,
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
    ...options,
  });
  open.add(socket);
  return socket;
}

export async function connected(sockets: SockscopeSocket[], timeoutMs = 20_000): Promise<void> {
  await waitFor(() => sockets.every((s) => s.connected), {
    timeoutMs,
    message: `${sockets.length} clients connected (${sockets.filter((s) => s.connected).length} are)`,
  });
}

export function closeClients(): void {
  for (const socket of open) socket.disconnect();
  open.clear();
}
