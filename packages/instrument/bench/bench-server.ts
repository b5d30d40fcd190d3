/**
 * One Socket.IO server for the overhead benchmark, in one of its variants: `bare` (no
 * instrumentation), `sockscope` (instrument(io)), `admin-ui` (stock @socket.io/admin-ui
 * instrument() in production mode) or `import-only` (see variants.ts).
 * Prints `{"port":…}` on stdout.
 * GET /bench/cpu answers the process's CPU time so the driver can normalise by it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { instrument as adminUi } from '@socket.io/admin-ui';
import type * as Instrument from '../src/index.js';
import { BENCH_TOKEN, VARIANTS, type Variant } from './variants.js';

const variant = process.argv[2] as Variant;
if (!VARIANTS.includes(variant)) {
  console.error(`usage: bench-server <${VARIANTS.join('|')}>`);
  process.exit(2);
}

const http = createServer((req, res) => {
  if (req.url === '/bench/cpu') {
    const cpu = process.cpuUsage();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ cpuMicros: cpu.user + cpu.system, rss: process.memoryUsage().rss }));
  }
});
const io = new Server(http, { transports: ['websocket'] });

if (variant === 'sockscope' || variant === 'import-only') {
  // The compiled package, as a server runs it (`npm run bench` builds it first).
  const dist = new URL('../dist/index.js', import.meta.url).href;
  const { instrument } = (await import(dist)) as typeof Instrument;
  if (variant === 'sockscope') instrument(io, { token: BENCH_TOKEN, node: 'bench' });
}
if (variant === 'admin-ui') adminUi(io, { auth: false, mode: 'production' });

io.on('connection', (socket) => {
  socket.on('echo', (payload: unknown, ack: (reply: unknown) => void) => ack(payload));
  socket.on('join', (room: string, ack: () => void) => {
    void socket.join(room);
    ack();
  });
  socket.on('publish', (input: { room: string; payload: unknown }, ack: () => void) => {
    io.to(input.room).emit('message', input.payload);
    ack();
  });
});

http.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: (http.address() as AddressInfo).port }));
});
process.on('SIGTERM', () => process.exit(0));
