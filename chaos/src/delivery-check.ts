import type { SwarmClient } from './swarm.js';

export interface DeliveryCount {
  expected: number;
  lost: number;
  duplicated: number;
}

/** Compares what each client received with every seq published to its room. */
export function countDelivery(
  clients: readonly SwarmClient[],
  roomOf: (index: number) => string,
  published: ReadonlyMap<string, readonly number[]>,
): DeliveryCount {
  let expected = 0;
  let lost = 0;
  let duplicated = 0;
  clients.forEach((client, index) => {
    const want = published.get(roomOf(index)) ?? [];
    const got = new Set(client.seqs);
    expected += want.length;
    duplicated += client.seqs.length - got.size;
    for (const seq of want) if (!got.has(seq)) lost++;
  });
  return { expected, lost, duplicated };
}

/** Resolves once every client has all its room's seqs, or after `timeoutMs`. */
export async function settle(
  clients: readonly SwarmClient[],
  roomOf: (index: number) => string,
  published: ReadonlyMap<string, readonly number[]>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (countDelivery(clients, roomOf, published).lost === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
