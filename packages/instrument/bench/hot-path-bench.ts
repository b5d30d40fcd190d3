/**
 * The per-packet cost of the wire meter alone, without sockets: nanoseconds per packet and
 * how many garbage collections a few million packets cause (none means no per-packet
 * allocation on this path).
 *
 *   npm run bench:hot-path -w packages/instrument
 */
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { ConnState } from '../src/conn-state.js';
import { CounterStore } from '../src/counter-store.js';
import { SessionState } from '../src/session-state.js';
import { WireMeter } from '../src/wire-meter.js';

const PACKETS = 5_000_000;
const payload = JSON.stringify({ text: 'x'.repeat(64), n: 42 });

const store = new CounterStore(50);
const meter = new WireMeter(store, '/sockscope');
const conn = new ConnState('engine-1', 'websocket', false);
function sessionInit(namespace: string): ConstructorParameters<typeof SessionState>[0] {
  return {
    id: `socket${namespace}`,
    engineId: 'engine-1',
    user: null,
    node: 'bench',
    namespace,
    transport: 'websocket',
    remoteAddress: '127.0.0.1',
    userAgent: null,
    clientProtocol: 4,
    clientVersion: null,
    connectedAt: Date.now(),
    rooms: [],
    recovered: false,
    lastDisconnect: null,
    events: store.eventsOf(namespace),
  };
}
const session = new SessionState(sessionInit('/'));
conn.add(session);
conn.add(new SessionState(sessionInit('/chat')));

// What the engine hands over and what Socket.IO writes. Strings differ from packet to packet as
// they do for real (each ack has its id, each emit its payload).
const DISTINCT = 1024;
const distinct = <T>(make: (i: number) => T): T[] =>
  Array.from({ length: DISTINCT }, (_, i) => make(i));
const eventsIn = distinct((i) => `2${i}["echo",${payload}]`);
const chatIn = distinct((i) => `2/chat,${i}["echo",${payload}]`);
const acksOut = distinct((i) => ({
  packet: { type: 3, nsp: '/', id: i, data: [JSON.parse(payload) as unknown] },
  encoded: [`3${i}[${payload}]`],
}));
const broadcasts = distinct((i) => ({
  packet: { type: 2, nsp: '/', data: ['message', { i }] },
  encoded: [`2["message",${payload.replace('42', String(i))}]`],
}));
const ROOM = 10;
const roomEvents = store.eventsOf('/');

/** Each case counts `packets` packets per call. */
const cases: Record<string, { count: (i: number) => void; packets: number }> = {
  'event in (emit with ack)': {
    count: (i) => meter.onMessage(conn, eventsIn[i % DISTINCT]),
    packets: 1,
  },
  'ack out': {
    count: (i) => {
      const ack = acksOut[i % DISTINCT]!;
      meter.sentDirect(conn, ack.packet, ack.encoded);
    },
    packets: 1,
  },
  // A broadcast is sized once, however many receive it.
  [`room broadcast out (${ROOM} receivers, per delivery)`]: {
    count: (i) => {
      const b = broadcasts[i % DISTINCT]!;
      meter.sentBroadcast(roomEvents, b.packet, ROOM, 1, 1 + Buffer.byteLength(b.encoded[0]!));
    },
    packets: ROOM,
  },
  'event in, other namespace': {
    count: (i) => meter.onMessage(conn, chatIn[i % DISTINCT]),
    packets: 1,
  },
  'pong in': { count: () => meter.onHeartbeat(conn), packets: 1 },
};

let gcs = 0;
const observer = new PerformanceObserver((list) => (gcs += list.getEntries().length));
observer.observe({ entryTypes: ['gc'] });

console.log(`| packet | ns per packet | GCs during ${PACKETS.toLocaleString('en')} packets |`);
console.log('|---|---|---|');
for (const [name, { count, packets }] of Object.entries(cases)) {
  const calls = PACKETS / packets;
  for (let i = 0; i < 200_000; i++) count(i); // warm up the JIT
  await new Promise((resolve) => setTimeout(resolve, 50));
  const gcsBefore = gcs;
  const start = performance.now();
  for (let i = 0; i < calls; i++) count(i);
  const ns = ((performance.now() - start) * 1e6) / PACKETS;
  await new Promise((resolve) => setTimeout(resolve, 50)); // let the observer report
  console.log(`| ${name} | ${ns.toFixed(1)} | ${gcs - gcsBefore} |`);
}
observer.disconnect();
console.log(
  `\nsanity: ${store.packetsIn + store.packetsOut} packets, ${store.bytesIn + store.bytesOut} bytes counted`,
);
