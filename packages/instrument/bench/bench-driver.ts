/**
 * Drives one bench server for a fixed time: CONNECTIONS raw clients, each keeping DEPTH
 * emit-with-ack round trips in flight; one operation in PUBLISH_EVERY is a room publish the
 * server broadcasts to the room's ROOM_SIZE members. Prints one JSON result line.
 */
import { INSTRUMENT_NAMESPACE, SIDECAR_QUERY } from '@sockscope/contracts';
import { io as connect } from 'socket.io-client';
import { BENCH_TOKEN, type Variant } from './variants.js';
import { RawClient } from './raw-client.js';

const CONNECTIONS = 40;
const DEPTH = 4;
const ROOM_SIZE = 10;
const PUBLISH_EVERY = 4;
const PAYLOAD = { text: 'x'.repeat(64), n: 42 };

export interface DriverResult {
  variant: Variant;
  seconds: number;
  roundTrips: number;
  deliveries: number;
  serverCpuSeconds: number;
  serverRss: number;
  observerMessages: number;
}

async function serverCpu(url: string): Promise<{ cpuMicros: number; rss: number }> {
  return (await (await fetch(`${url}/bench/cpu`)).json()) as { cpuMicros: number; rss: number };
}

async function main(): Promise<void> {
  const [url, variant, warmupArg, secondsArg] = process.argv.slice(2) as [
    string,
    Variant,
    string,
    string,
  ];
  const warmupMs = Number(warmupArg) * 1000;
  const measureMs = Number(secondsArg) * 1000;

  // What watches the server in production: the sidecar, or an admin-ui client.
  let observerMessages = 0;
  const observer =
    variant === 'sockscope'
      ? connect(`${url}${INSTRUMENT_NAMESPACE}`, {
          auth: { token: BENCH_TOKEN },
          query: SIDECAR_QUERY,
          transports: ['websocket'],
        })
      : variant === 'admin-ui'
        ? connect(`${url}/admin`, { transports: ['websocket'] })
        : null;
  observer?.onAny(() => observerMessages++);

  const clients = await Promise.all(
    Array.from({ length: CONNECTIONS }, () => RawClient.connect(url)),
  );
  await Promise.all(
    clients.map((c, i) => c.emitAsync('join', `room-${i % (CONNECTIONS / ROOM_SIZE)}`)),
  );

  let roundTrips = 0;
  let running = true;
  const loop = (client: RawClient, index: number, slot: number): void => {
    let op = slot;
    const next = (): void => {
      if (!running) return;
      roundTrips++;
      op++;
      if (op % PUBLISH_EVERY === 0) {
        client.emit(
          'publish',
          { room: `room-${index % (CONNECTIONS / ROOM_SIZE)}`, payload: PAYLOAD },
          next,
        );
      } else {
        client.emit('echo', PAYLOAD, next);
      }
    };
    client.emit('echo', PAYLOAD, next);
  };
  clients.forEach((client, index) => {
    for (let slot = 0; slot < DEPTH; slot++) loop(client, index, slot);
  });

  await new Promise((resolve) => setTimeout(resolve, warmupMs));
  const startTrips = roundTrips;
  const startDeliveries = clients.reduce((sum, c) => sum + c.received, 0);
  const startCpu = await serverCpu(url);
  const startedAt = performance.now();
  await new Promise((resolve) => setTimeout(resolve, measureMs));
  const endCpu = await serverCpu(url);
  const seconds = (performance.now() - startedAt) / 1000;
  const result: DriverResult = {
    variant,
    seconds,
    roundTrips: roundTrips - startTrips,
    deliveries: clients.reduce((sum, c) => sum + c.received, 0) - startDeliveries,
    serverCpuSeconds: (endCpu.cpuMicros - startCpu.cpuMicros) / 1e6,
    serverRss: endCpu.rss,
    observerMessages,
  };
  running = false;
  for (const client of clients) client.close();
  observer?.disconnect();
  console.log(JSON.stringify(result));
  process.exit(0);
}

void main();
