/* global process, console, setTimeout */
// Reference load process: plain socket.io-client sockets, no Artillery, no processor. Opens
// `--vus` connections at `--rate` per second to `--target`, holds them `--hold` seconds, then
// prints one JSON line with what happened.
import { parseArgs } from 'node:util';
import { io } from 'socket.io-client';
import { mintToken } from '../dist/processor/mint-token.js';
import { readSigningConfig } from '../dist/processor/signing.js';

const { values } = parseArgs({
  options: { target: { type: 'string' }, vus: { type: 'string' }, rate: { type: 'string' }, hold: { type: 'string' } },
});
const target = values.target;
const vus = Number(values.vus);
const rate = Number(values.rate);
const holdMs = Number(values.hold) * 1000;
const signing = readSigningConfig();
const token = await mintToken(signing, `plain-${process.pid}`);
let connected = 0;
let failed = 0;
const sockets = [];
const started = Date.now();
for (let i = 0; i < vus; i += 1) {
  const due = started + (i / rate) * 1000;
  const wait = due - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const socket = io(target, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false, timeout: 60_000 });
  socket.once('connect', () => {
    connected += 1;
  });
  socket.once('connect_error', () => {
    failed += 1;
  });
  sockets.push(socket);
}
const allIn = Date.now();
while (connected + failed < vus && Date.now() - allIn < 120_000) await new Promise((r) => setTimeout(r, 200));
await new Promise((r) => setTimeout(r, holdMs));
const result = { connected, failed, vus };
for (const s of sockets) s.disconnect();
console.log(JSON.stringify(result));
process.exit(0);
