// A separate process that floods one socket with room:publish, so its CPU does not share
// the measuring test's event loop. It speaks the wire protocol over a raw WebSocket (frames
// pre-built, acks matched by substring) so the generator itself costs little CPU next to the
// node it measures. Usage:
//   node --import tsx flooder.ts <url> <token> <eventsPerSecond>
// stdin lines: "on" starts flooding, "off" pauses, "stop" prints one JSON summary and exits.
// stdout: {"state":"connected"}, {"state":"on"}, {"state":"off"}, then the summary.
import { createInterface } from 'node:readline';
import { rawWebSocket } from './raw-engine.js';

const [url = '', token = '', rateArg = '1000'] = process.argv.slice(2);
const rate = Number(rateArg);
const summary = {
  sent: 0,
  ok: 0,
  rateLimited: 0,
  otherErrors: 0,
  floodingMs: 0,
  elapsedMs: 0,
  disconnected: '',
};
const say = (message: object): void => void process.stdout.write(`${JSON.stringify(message)}\n`);

const ws = await rawWebSocket(url, token).catch((error: Error) => {
  say({ state: 'error', message: error.message });
  process.exit(1);
});
ws.on('close', () => (summary.disconnected = 'transport close'));
ws.on('message', (data: Buffer) => {
  const text = data.toString();
  if (text === '2') ws.send('3');
  else if (text.startsWith('43')) {
    if (text.includes('"ok":true')) summary.ok++;
    else if (text.includes('"rate limited"')) summary.rateLimited++;
    else summary.otherErrors++;
  }
});

let timer: NodeJS.Timeout | undefined;
let onSince = 0;
let sentInWindow = 0;
const started = performance.now();

const on = (): void => {
  if (timer) return;
  onSince = performance.now();
  sentInWindow = 0;
  // Send whatever is due every 10 ms, so the average rate holds even when ticks slip.
  timer = setInterval(() => {
    const due = Math.floor(((performance.now() - onSince) * rate) / 1000);
    while (sentInWindow < due) {
      sentInWindow++;
      summary.sent++;
      ws.send(`42${summary.sent}["room:publish",{"room":"flood","payload":${summary.sent}}]`);
    }
  }, 10);
  say({ state: 'on' });
};

const off = (): void => {
  if (!timer) return;
  clearInterval(timer);
  timer = undefined;
  summary.floodingMs += performance.now() - onSince;
  say({ state: 'off' });
};

const stop = (): void => {
  off();
  const deadline = performance.now() + 5000;
  const finish = setInterval(() => {
    const answered = summary.ok + summary.rateLimited + summary.otherErrors;
    if (answered >= summary.sent || performance.now() > deadline || summary.disconnected) {
      clearInterval(finish);
      summary.elapsedMs = Math.round(performance.now() - started);
      summary.floodingMs = Math.round(summary.floodingMs);
      say({ state: 'done', ...summary });
      ws.close();
      process.exit(0);
    }
  }, 20);
};

say({ state: 'connected' });
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'on') on();
  else if (line === 'off') off();
  else if (line === 'stop') stop();
});
