import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DisconnectSummary } from '@sockscope/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnChild, type Child } from './support/child.js';
import { connectClient, type Client } from './support/clients.js';
import { API_TOKEN, getJson, getText, metricSum, parseMetrics } from './support/http.js';
import {
  startInstrumentedServer,
  TARGET_TOKEN,
  type InstrumentedServer,
} from './support/instrumented-server.js';
import { waitFor } from './support/wait-for.js';

const MAIN = new URL('../dist/main.js', import.meta.url).pathname;
const NODE = 'node-churn';
const dir = mkdtempSync(join(tmpdir(), 'sockscope-exporter-'));
let server: InstrumentedServer | undefined;
const children: Child[] = [];
const open = new Set<Client>();

afterAll(async () => {
  for (const c of open) c.close();
  for (const child of children) await child.kill('SIGKILL');
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

function startExporterProcess(): Promise<Child> {
  return spawnChild(
    MAIN,
    [
      '--target',
      server!.url,
      '--token',
      TARGET_TOKEN,
      '--api-token',
      API_TOKEN,
      '--listen',
      '127.0.0.1:0',
      '--store',
      join(dir, 'store.db'),
    ],
    {
      LOG_LEVEL: 'warn',
    },
  ).then((child) => {
    children.push(child);
    return child;
  });
}

describe('exporter killed with SIGKILL and restarted during churn', () => {
  it('loses no counter increment and no disconnect record', async () => {
    server = await startInstrumentedServer(NODE);
    const s = server;
    const first = await startExporterProcess();
    const firstUrl = String(first.ready.url);
    await waitFor(async () => (await fetch(`${firstUrl}/readyz`)).status === 200, {
      what: 'first exporter ready',
    });

    // 100 connects per second, each client leaving after 300 ms.
    let started = 0;
    let failures = 0;
    const pending = new Set<Promise<void>>();
    const churn = setInterval(() => {
      const user = `churn-${started++}`;
      const p = connectClient(s.url, { auth: { user } })
        .then(async (c) => {
          open.add(c);
          await new Promise((r) => setTimeout(r, 300));
          c.disconnect();
          open.delete(c);
        })
        .catch(() => void failures++)
        .finally(() => pending.delete(p));
      pending.add(p);
    }, 10);

    await waitFor(() => s.disconnected.size >= 150, { what: 'churn under way', timeoutMs: 30_000 });
    first.process.kill('SIGKILL');
    await new Promise<void>((r) => first.process.once('exit', () => r()));
    const killedAt = Date.now();
    const atKill = s.disconnected.size;
    const second = await startExporterProcess();
    const url = String(second.ready.url);
    await waitFor(async () => (await fetch(`${url}/readyz`)).status === 200, {
      what: 'restarted exporter ready',
    });
    const readyAt = Date.now();
    expect(readyAt - killedAt).toBeLessThan(10_000);
    // The gap is real: sessions ended while no exporter was there to hear it.
    expect(
      [...s.disconnected.values()].filter((d) => d.at > killedAt && d.at < readyAt).length,
    ).toBeGreaterThan(0);
    await waitFor(() => s.disconnected.size >= atKill + 200, {
      what: 'churn after restart',
      timeoutMs: 30_000,
    });
    clearInterval(churn);
    await Promise.all([...pending]);

    // The server's own count is the truth: every client it accepted has left.
    await waitFor(() => s.disconnected.size === s.connectedAt.size, {
      what: 'the server to see every disconnect',
    });
    const serverDisconnects = s.disconnected.size;
    const serverConnects = s.connectedAt.size;
    expect(serverConnects).toBe(started - failures);
    expect(serverDisconnects).toBeGreaterThan(350);

    const m = await waitFor(
      async () => {
        const metrics = parseMetrics(await getText(`${url}/metrics`));
        return metricSum(metrics, 'socketio_disconnects_total', { node: NODE }) ===
          serverDisconnects
          ? metrics
          : undefined;
      },
      { what: 'metrics to catch up', timeoutMs: 20_000 },
    );
    expect(
      metricSum(m, 'socketio_disconnects_total', { reason: 'client namespace disconnect' }),
    ).toBe(serverDisconnects);
    expect(metricSum(m, 'socketio_connections_total', { node: NODE })).toBe(serverConnects);
    expect(metricSum(m, 'socketio_session_duration_seconds_count', { node: NODE })).toBe(
      serverDisconnects,
    );

    const summary = await waitFor(
      async () => {
        const res = await getJson<DisconnectSummary>(`${url}/api/summary?from=0`);
        return res.body.total === serverDisconnects ? res.body : undefined;
      },
      { what: 'every disconnect record stored' },
    );
    expect(summary.byReason).toEqual({ 'client namespace disconnect': serverDisconnects });
    // Exactly the server's sessions: no record lost, none duplicated.
    const users = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ id: string }>; nextCursor: string | null } } =
        await getJson(`${url}/api/disconnects?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
      for (const r of page.body.items) users.add(r.id);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(users).toEqual(new Set(s.disconnected.keys()));
  });
});
