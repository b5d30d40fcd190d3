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
import { WireMeter, type WirePacket } from '../src/wire-meter.js';

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

// What the engine hands over. Strings differ from packet to packet as they do for real (each
// ack has its id, each emit its payload); a broadcast is one string written to each receiver.
const DISTINCT = 1024;
const distinct = (make: (i: number) => string): WirePacket[] =>
  Array.from({ length: DISTINCT }, (_, i) => ({ type: 'message', data: make(i) }));
const eventsIn = distinct((i) => `2${i}["echo",${payload}]`);
const acksOut = distinct((i) => `3${i}[${payload.replace('42', String(i))}]`);
const broadcasts = distinct((i) => `2["message",${payload.replace('42', String(i))}]`);
const chatIn = distinct((i) => `2/chat,${i}["echo",${payload}]`);
const ROOM = 10;
const pong: WirePacket = { type: 'pong' };
const cases: Record<string, { packet: (i: number) => WirePacket; direction: 'in' | 'out' }> = {
  'event in (emit with ack)': { packet: (i) => eventsIn[i % DISTINCT]!, direction: 'in' },
  'ack out': { packet: (i) => acksOut[i % DISTINCT]!, direction: 'out' },
  [`room broadcast out (${ROOM} receivers, per delivery)`]: {
    packet: (i) => broadcasts[Math.floor(i / ROOM) % DISTINCT]!,
    direction: 'out',
  },
  'event in, other namespace': { packet: (i) => chatIn[i % DISTINCT]!, direction: 'in' },
  'pong in': { packet: () => pong, direction: 'in' },
};

let gcs = 0;
const observer = new PerformanceObserver((list) => (gcs += list.getEntries().length));
observer.observe({ entryTypes: ['gc'] });

console.log(`| packet | ns per packet | GCs during ${PACKETS.toLocaleString('en')} packets |`);
console.log('|---|---|---|');
for (const [name, { packet, direction }] of Object.entries(cases)) {
  const count = direction === 'in' ? meter.onIncoming.bind(meter) : meter.onOutgoing.bind(meter);
  for (let i = 0; i < 200_000; i++) count(conn, packet(i)); // warm up the JIT
  await new Promise((resolve) => setTimeout(resolve, 50));
  const gcsBefore = gcs;
  const start = performance.now();
  for (let i = 0; i < PACKETS; i++) count(conn, packet(i));
  const ns = ((performance.now() - start) * 1e6) / PACKETS;
  await new Promise((resolve) => setTimeout(resolve, 50)); // let the observer report
  console.log(`| ${name} | ${ns.toFixed(1)} | ${gcs - gcsBefore} |`);
}
observer.disconnect();
console.log(
  `\nsanity: ${store.packetsIn + store.packetsOut} packets, ${store.bytesIn + store.bytesOut} bytes counted`,
);
