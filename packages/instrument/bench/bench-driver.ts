/**
 * Drives one bench server for a fixed time: CONNECTIONS raw clients, each keeping DEPTH
 * emit-with-ack round trips in flight; one operation in PUBLISH_EVERY is a room publish the
 * server broadcasts to the room's ROOM_SIZE members (see workloads.ts for the others). The
 * server's CPU time comes from its `/bench/cpu`, or from /proc when its pid is given.
 * Prints one JSON result line.
 *
 *   bench-driver <url> <variant> <warmup s> <measured s> [micro|reference] [server pid]
 */
import { readFile } from 'node:fs/promises';
import { INSTRUMENT_NAMESPACE, SIDECAR_QUERY } from '@sockscope/contracts';
import { io as connect } from 'socket.io-client';
import { BENCH_TOKEN, type Variant } from './variants.js';
import type { RawClient } from './raw-client.js';
import { WORKLOADS, type ServerKind } from './workloads.js';

const CONNECTIONS = 40;
const DEPTH = 4;
const ROOM_SIZE = 10;
const PUBLISH_EVERY = 4;

export interface DriverResult {
  variant: Variant;
  seconds: number;
  roundTrips: number;
  deliveries: number;
  serverCpuSeconds: number;
  serverRss: number;
  observerMessages: number;
}

/** clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

async function serverCpu(
  url: string,
  pid: number | null,
): Promise<{ cpuMicros: number; rss: number }> {
  if (pid === null)
    return (await (await fetch(`${url}/bench/cpu`)).json()) as { cpuMicros: number; rss: number };
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuMicros: (ticks / USER_HZ) * 1e6, rss: rssKb * 1024 };
}

async function main(): Promise<void> {
  const [url, variant, warmupArg, secondsArg, serverArg = 'micro', pidArg] = process.argv.slice(
    2,
  ) as [string, Variant, string, string, ServerKind?, string?];
  const workload = WORKLOADS[serverArg];
  const pid = pidArg === undefined ? null : Number(pidArg);
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

  const roomOf = (index: number): string => `room-${index % (CONNECTIONS / ROOM_SIZE)}`;
  const clients = await Promise.all(
    Array.from({ length: CONNECTIONS }, (_, i) => workload.connect(url, i)),
  );
  await Promise.all(clients.map((c, i) => workload.join(c, roomOf(i))));

  let roundTrips = 0;
  let running = true;
  const loop = (client: RawClient, index: number, slot: number): void => {
    let op = slot;
    const next = (): void => {
      if (!running) return;
      roundTrips++;
      op++;
      workload.operate(client, index, roomOf(index), op % PUBLISH_EVERY === 0, next);
    };
    workload.operate(client, index, roomOf(index), false, next);
  };
  clients.forEach((client, index) => {
    for (let slot = 0; slot < DEPTH; slot++) loop(client, index, slot);
  });

  await new Promise((resolve) => setTimeout(resolve, warmupMs));
  const startTrips = roundTrips;
  const startDeliveries = clients.reduce((sum, c) => sum + c.received, 0);
  const startCpu = await serverCpu(url, pid);
  const startedAt = performance.now();
  await new Promise((resolve) => setTimeout(resolve, measureMs));
  const endCpu = await serverCpu(url, pid);
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
