/* global process, console, setTimeout */
// Reference for the throughput benchmark: the same load as chat-throughput.yml from plain
// socket.io-client sockets (no Artillery, no processor): --vus sockets in --rooms rooms, each
// publishing every --interval ms for --seconds; prints sent, received and rates as JSON.
import { parseArgs } from 'node:util';
import { io } from 'socket.io-client';
import { mintToken } from '../dist/processor/mint-token.js';
import { readSigningConfig } from '../dist/processor/signing.js';

const { values } = parseArgs({
  options: {
    target: { type: 'string' },
    vus: { type: 'string', default: '200' },
    rooms: { type: 'string', default: '20' },
    interval: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '30' },
  },
});
const signing = readSigningConfig();
const vus = Number(values.vus);
let sent = 0;
let received = 0;
const sockets = [];
for (let i = 0; i < vus; i += 1) {
  const token = await mintToken(signing, `plain-${i}`);
  const socket = io(values.target, { auth: { token }, transports: ['websocket'], forceNew: true });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const room = `room-${Math.floor(Math.random() * Number(values.rooms))}`;
  socket.on('room:message', () => {
    received += 1;
  });
  await socket.emitWithAck('room:join', { room });
  sockets.push({ socket, room });
}
const started = Date.now();
const until = started + Number(values.seconds) * 1000;
await Promise.all(
  sockets.map(async ({ socket, room }) => {
    while (Date.now() < until) {
      const t = Date.now();
      const ack = await socket.emitWithAck('room:publish', { room, payload: { n: sent } });
      if (ack.ok) sent += 1;
      await new Promise((r) => setTimeout(r, Math.max(0, Number(values.interval) - (Date.now() - t))));
    }
  }),
);
await new Promise((r) => setTimeout(r, 500));
const seconds = (Date.now() - started) / 1000;
for (const { socket } of sockets) socket.disconnect();
console.log(JSON.stringify({ vus, sent, received, seconds, publishesPerSecond: Math.round(sent / seconds), deliveriesPerSecond: Math.round(received / seconds) }));
process.exit(0);
