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

// What the engine hands over: an emit with ack in, its ack out, a room broadcast out.
const cases: Record<string, { packet: WirePacket; direction: 'in' | 'out' }> = {
  'event in (emit with ack)': {
    packet: { type: 'message', data: `217["echo",${payload}]` },
    direction: 'in',
  },
  'ack out': { packet: { type: 'message', data: `317[${payload}]` }, direction: 'out' },
  'broadcast out': {
    packet: { type: 'message', data: `2["message",${payload}]` },
    direction: 'out',
  },
  'event in, other namespace': {
    packet: { type: 'message', data: `2/chat,5["echo",${payload}]` },
    direction: 'in',
  },
  'ping out / pong in': { packet: { type: 'pong' }, direction: 'in' },
};

let gcs = 0;
const observer = new PerformanceObserver((list) => (gcs += list.getEntries().length));
observer.observe({ entryTypes: ['gc'] });

console.log(`| packet | ns per packet | GCs during ${PACKETS.toLocaleString('en')} packets |`);
console.log('|---|---|---|');
for (const [name, { packet, direction }] of Object.entries(cases)) {
  const count = direction === 'in' ? meter.onIncoming.bind(meter) : meter.onOutgoing.bind(meter);
  for (let i = 0; i < 200_000; i++) count(conn, packet); // warm up the JIT
  await new Promise((resolve) => setTimeout(resolve, 50));
  const gcsBefore = gcs;
  const start = performance.now();
  for (let i = 0; i < PACKETS; i++) count(conn, packet);
  const ns = ((performance.now() - start) * 1e6) / PACKETS;
  await new Promise((resolve) => setTimeout(resolve, 50)); // let the observer report
  console.log(`| ${name} | ${ns.toFixed(1)} | ${gcs - gcsBefore} |`);
}
observer.disconnect();
console.log(
  `\nsanity: ${store.packetsIn + store.packetsOut} packets, ${store.bytesIn + store.bytesOut} bytes counted`,
);
