/**
 * The exporter holding 50,000 live sessions: /metrics scrape latency, RSS, /api/sessions?user= latency.
 * The exporter runs as its own process (dist/main.js); a synthetic target speaking the sidecar
 * protocol feeds it a 50,000-session snapshot plus churn. Run: npm run bench -w exporter
 */
import { readFileSync } from 'node:fs';
import { spawnChild } from '../test/support/child.js';
import { sessionRecord, startFakeInstrument } from '../test/support/fake-instrument.js';
import { API_TOKEN } from '../test/support/http.js';
import { waitFor } from '../test/support/wait-for.js';

const SESSIONS = Number(process.env.SESSIONS ?? 50_000);
const USERS = Number(process.env.USERS ?? 25_000);
const SCRAPES = Number(process.env.SCRAPES ?? 300);
const LOOKUPS = Number(process.env.LOOKUPS ?? 2_000);
const TOKEN = 'bench-target-token-0123456789';

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
function summary(samples: number[]): { p50: number; p99: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const r = (n: number) => Math.round(n * 100) / 100;
  return { p50: r(quantile(s, 0.5)), p99: r(quantile(s, 0.99)), max: r(s[s.length - 1] ?? NaN) };
}
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Math.round(Number(m?.[1]) / 1024);
}

const target = await startFakeInstrument({ token: TOKEN, node: 'bench-node' });
const now = Date.now();
for (let i = 0; i < SESSIONS; i++) {
  const s = sessionRecord(`sock-${i.toString(36).padStart(8, '0')}-xxxxxxxxxx`, {
    user: `user-${i % USERS}`,
    rooms: [`room-${i % 500}`, `team-${i % 37}`],
    transport: i % 10 === 0 ? 'polling' : 'websocket',
    userAgent:
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
    remoteAddress: `10.0.${(i >> 8) & 255}.${i & 255}`,
    clientVersion: '4.8.4',
    connectedAt: now - (i % 3600) * 1000,
  });
  target.live.set(s.id, s);
}
const c = target.state.counters;
for (let e = 0; e < 50; e++) c.events[`/\u0000event-${e}\u0000in`] = 1000 + e;
c.disconnects['transport close\u0000websocket'] = 1234;
c.connections.websocket = SESSIONS;

const exporter = await spawnChild(
  new URL('../dist/main.js', import.meta.url).pathname,
  [
    '--target',
    target.url,
    '--token',
    TOKEN,
    '--api-token',
    API_TOKEN,
    '--listen',
    '127.0.0.1:0',
    '--store',
    ':memory:',
  ],
  { LOG_LEVEL: 'warn' },
);
const url = String(exporter.ready.url);
const pid = exporter.process.pid ?? 0;
const headers = { authorization: `Bearer ${API_TOKEN}` };
const t0 = Date.now();
await waitFor(
  async () => {
    const r = await fetch(`${url}/api/status`, { headers });
    const s = (await r.json()) as { liveSessions: number };
    return s.liveSessions === SESSIONS;
  },
  { timeoutMs: 120_000, what: 'snapshot applied' },
);
const snapshotMs = Date.now() - t0;

// Churn during the measurement: 200 connects + 200 disconnects per second, as a busy node would send.
let n = SESSIONS;
const churn = setInterval(() => {
  const events = [];
  for (let i = 0; i < 50; i++) {
    const id = `churn-${n++}`;
    const s = sessionRecord(id, { user: `user-${n % USERS}`, rooms: ['room-1'] });
    events.push({ ts: Date.now(), type: 'connect' as const, session: s });
    events.push({
      ts: Date.now(),
      type: 'disconnect' as const,
      id,
      reason: 'transport close',
      description: null,
      session: { ...s, disconnectedAt: Date.now(), reason: 'transport close', durationMs: 5 },
    });
  }
  target.emit(events);
}, 250);

const scrape: number[] = [];
let metricsBytes = 0;
for (let i = 0; i < SCRAPES; i++) {
  const start = performance.now();
  const r = await fetch(`${url}/metrics`);
  const text = await r.text();
  scrape.push(performance.now() - start);
  metricsBytes = text.length;
}
const lookup: number[] = [];
for (let i = 0; i < LOOKUPS; i++) {
  const start = performance.now();
  const r = await fetch(`${url}/api/sessions?user=user-${(i * 7919) % USERS}`, { headers });
  const body = (await r.json()) as { items: unknown[] };
  lookup.push(performance.now() - start);
  if (body.items.length === 0) throw new Error('user lookup returned nothing');
}
const page: number[] = [];
for (let i = 0; i < 100; i++) {
  const start = performance.now();
  await (await fetch(`${url}/api/sessions?room=room-${i}&limit=100`, { headers })).json();
  page.push(performance.now() - start);
}
clearInterval(churn);
const rss = rssMb(pid);

const result = {
  sessions: SESSIONS,
  users: USERS,
  snapshotAppliedMs: snapshotMs,
  metricsScrapeMs: summary(scrape),
  metricsBytes,
  sessionsByUserMs: summary(lookup),
  sessionsByRoomMs: summary(page),
  exporterRssMb: rss,
  targets: { scrapeP99Ms: 100, rssMb: 300, byUserP99Ms: 50 },
};
console.log(JSON.stringify(result, null, 2));
await exporter.kill();
await target.close();
