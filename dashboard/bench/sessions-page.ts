/**
 * The Sessions page with 50,000 live sessions across 3 exporters, in Chromium:
 *  - first render: navigation start → the table rendered with every session counted;
 *  - main-thread time per second of live updates (CDP Performance.getMetrics TaskDuration),
 *    while the nodes churn (connects + disconnects).
 *
 * Real exporter processes (exporter/dist/main.js) fed by synthetic targets speaking the
 * instrument's sidecar protocol; the real dashboard server (built); Debian's Chromium.
 * Run: npm run bench -w dashboard   (SESSIONS, CHURN per second, SETTLE_S, MEASURE_S, RUNS)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { waitFor } from '@sockscope/testkit';
import { spawnChild, type Child } from '../../exporter/test/support/child.js';
import {
  sessionRecord,
  startFakeInstrument,
  type FakeInstrument,
} from '../../exporter/test/support/fake-instrument.js';
import { startDashboard } from '../test/support/start-dashboard';

const SESSIONS = Number(process.env.SESSIONS ?? 50_000);
const CHURN = Number(process.env.CHURN ?? 200); // connects and as many disconnects per second, cluster-wide
const MEASURE_S = Number(process.env.MEASURE_S ?? 10);
// The one-off work after the first render (snapshot GC, route prefetches) is left out of the steady state.
const SETTLE_S = Number(process.env.SETTLE_S ?? 5);
const THREAD_TICKS = process.env.WALL_TIME !== '1';
const RUNS = Number(process.env.RUNS ?? 3);
const NODES = 3;
const TARGET_TOKEN = 'bench-target-token-0123456789';
const API_TOKEN = 'bench-api-token-0123456789';

const chromiumPath =
  process.env.CHROMIUM_PATH ?? execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
const targets: FakeInstrument[] = [];
const exporters: Child[] = [];
const now = Date.now();

for (let n = 0; n < NODES; n += 1) {
  const node = `node-${n + 1}`;
  const target = await startFakeInstrument({ token: TARGET_TOKEN, node });
  for (let i = n; i < SESSIONS; i += NODES) {
    const s = sessionRecord(`sock-${i.toString(36).padStart(8, '0')}-${node}`, {
      node,
      user: `user-${i % 20_000}`,
      rooms: [`room-${i % 500}`],
      transport: i % 10 === 0 ? 'polling' : 'websocket',
      clientVersion: '4.8.4',
      connectedAt: now - (i % 3600) * 1000,
    });
    target.live.set(s.id, s);
  }
  targets.push(target);
  exporters.push(
    await spawnChild(
      new URL('../../exporter/dist/main.js', import.meta.url).pathname,
      [
        '--target',
        target.url,
        '--token',
        TARGET_TOKEN,
        '--api-token',
        API_TOKEN,
        '--listen',
        '127.0.0.1:0',
        '--store',
        ':memory:',
        '--node',
        node,
      ],
      { LOG_LEVEL: 'warn' },
      60_000,
    ),
  );
}
const list = exporters.map((e, i) => ({
  node: `node-${i + 1}`,
  url: String(e.ready.url),
  token: API_TOKEN,
}));
await waitFor(
  async () => {
    const counts = await Promise.all(
      list.map(
        async (e) =>
          (
            (await (
              await fetch(`${e.url}/api/status`, {
                headers: { authorization: `Bearer ${API_TOKEN}` },
              })
            ).json()) as { liveSessions: number }
          ).liveSessions,
      ),
    );
    return counts.reduce((a, b) => a + b, 0) === SESSIONS;
  },
  { timeoutMs: 120_000, message: 'exporters holding every session' },
);

const dash = await startDashboard({ SOCKSCOPE_EXPORTERS: JSON.stringify(list) });
// Churn: every 250 ms each node connects and disconnects CHURN/4/NODES sessions.
let serial = 0;
const perTick = Math.max(1, Math.round(CHURN / 4 / NODES));
const churn = setInterval(() => {
  targets.forEach((target, n) => {
    const events: Parameters<FakeInstrument['emit']>[0] = [];
    const ids = [...target.live.keys()].slice(0, perTick);
    for (const id of ids) {
      const s = target.live.get(id)!;
      events.push({
        ts: Date.now(),
        type: 'disconnect',
        id,
        reason: 'transport close',
        description: null,
        session: { ...s, disconnectedAt: Date.now(), reason: 'transport close', durationMs: 1000 },
      });
    }
    for (let i = 0; i < perTick; i += 1) {
      const id = `churn-${(serial += 1)}-node-${n + 1}`;
      events.push({
        ts: Date.now(),
        type: 'connect',
        session: sessionRecord(id, {
          node: `node-${n + 1}`,
          user: `user-${serial % 20_000}`,
          rooms: ['room-1'],
        }),
      });
    }
    target.emit(events);
  });
}, 250);

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const results: {
  firstRenderMs: number;
  mainThreadMsPerSecond: number;
  scriptMsPerSecond: number;
  layoutMsPerSecond: number;
  styleMsPerSecond: number;
}[] = [];
try {
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${dash.url}/sign-in?token=${dash.token}&next=/nodes`);
    await page.goto(`${dash.url}/sessions`, { waitUntil: 'commit' });
    const expected = new Intl.NumberFormat('en-US').format(SESSIONS);
    await page.waitForFunction(
      (n) => {
        const out = document.querySelector('output[aria-label="Matching sessions"]');
        const rows = document.querySelectorAll(
          'table[aria-label="Live sessions"] tbody tr.clickable',
        ).length;
        return !!out && rows > 10 && out.textContent!.replace(/ of .*/, '').length >= n.length - 1;
      },
      expected,
      { timeout: 60_000, polling: 'raf' },
    );
    const firstRenderMs = await page.evaluate(() => performance.now());
    const cdp = await context.newCDPSession(page);
    // Thread CPU time, not wall time: other processes on a loaded machine do not count.
    await cdp.send('Performance.enable', {
      timeDomain: THREAD_TICKS ? 'threadTicks' : 'timeTicks',
    });
    const metrics = async () => {
      const { metrics: m } = await cdp.send('Performance.getMetrics');
      const get = (name: string) => m.find((x) => x.name === name)?.value ?? 0;
      return {
        task: get('TaskDuration'),
        script: get('ScriptDuration'),
        layout: get('LayoutDuration'),
        style: get('RecalcStyleDuration'),
        at: Date.now(),
      };
    };
    await new Promise((r) => setTimeout(r, SETTLE_S * 1000));
    const before = await metrics();
    await new Promise((r) => setTimeout(r, MEASURE_S * 1000));
    const after = await metrics();
    if (process.env.PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
      await new Promise((r) => setTimeout(r, 5000));
      const { profile } = await cdp.send('Profiler.stop');
      const self = new Map<string, number>();
      const dt = profile.timeDeltas ?? [];
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      (profile.samples ?? []).forEach((id, i) => {
        const n = byId.get(id)!;
        const name = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
        self.set(name, (self.get(name) ?? 0) + (dt[i] ?? 0) / 1000);
      });
      console.error(
        [...self.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 25)
          .map(([k, v]) => `${v.toFixed(1)}ms ${k}`)
          .join('\n'),
      );
    }
    const seconds = (after.at - before.at) / 1000;
    results.push({
      firstRenderMs: Math.round(firstRenderMs),
      mainThreadMsPerSecond: Math.round((((after.task - before.task) * 1000) / seconds) * 10) / 10,
      scriptMsPerSecond: Math.round((((after.script - before.script) * 1000) / seconds) * 10) / 10,
      layoutMsPerSecond: Math.round((((after.layout - before.layout) * 1000) / seconds) * 10) / 10,
      styleMsPerSecond: Math.round((((after.style - before.style) * 1000) / seconds) * 10) / 10,
    });
    await context.close();
  }
} finally {
  clearInterval(churn);
  await browser.close();
  await dash.stop();
  await Promise.all(exporters.map((e) => e.kill()));
  await Promise.all(targets.map((t) => t.close()));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const summary = {
  sessions: SESSIONS,
  exporters: NODES,
  timeDomain: THREAD_TICKS ? 'main-thread CPU time (threadTicks)' : 'wall time (timeTicks)',
  churnPerSecond: { connects: perTick * 4 * NODES, disconnects: perTick * 4 * NODES },
  runs: results,
  median: {
    firstRenderMs: median(results.map((r) => r.firstRenderMs)),
    mainThreadMsPerSecond: median(results.map((r) => r.mainThreadMsPerSecond)),
  },
  targets: { firstRenderMs: 2000, mainThreadMsPerSecond: 50 },
};
console.log(JSON.stringify(summary, null, 2));
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL(`./results/sessions-page-${SESSIONS}.json`, import.meta.url),
  `${JSON.stringify(summary, null, 2)}\n`,
);
