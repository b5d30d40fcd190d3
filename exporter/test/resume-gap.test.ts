import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { DisconnectRecord, Page } from '@sockscope/contracts';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { Exporter } from '../src/index.js';
import { connectClient } from './support/clients.js';
import { getJson, getText, metricSum, parseMetrics } from './support/http.js';
import {
  startInstrumentedServer,
  TARGET_TOKEN,
  type InstrumentedServer,
} from './support/instrumented-server.js';
import { startExporter } from './support/running-exporter.js';
import { waitFor } from './support/wait-for.js';

const dir = mkdtempSync(join(tmpdir(), 'sockscope-exporter-gap-'));
let server: InstrumentedServer | undefined;
let exporter: Exporter | undefined;

afterAll(async () => {
  await exporter?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function churn(url: string, n: number, prefix: string): Promise<void> {
  for (let i = 0; i < n; i++)
    (await connectClient(url, { auth: { user: `${prefix}-${i}` } })).disconnect();
}

describe('resuming after the target dropped events', () => {
  it('resumes exactly when the buffer still holds them; reports a gap, never hides it, when not', async () => {
    server = await startInstrumentedServer('node-gap', {}, { bufferSize: 40 });
    const s = server;
    const store = join(dir, 'store.db');
    const logs: Array<{ msg?: string; from?: number; to?: number }> = [];
    const logger = pino(
      { level: 'warn' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          logs.push(JSON.parse(chunk.toString()) as { msg?: string });
          done();
        },
      }),
    );

    // Down while 10 sessions come and go (20 events ≤ buffer): all of them come back.
    exporter = await startExporter(s.url, { token: TARGET_TOKEN, store, logger });
    await exporter.close();
    await churn(s.url, 10, 'small');
    await waitFor(() => s.disconnected.size === 10, { what: 'server saw 10' });
    exporter = await startExporter(s.url, { token: TARGET_TOKEN, store, logger });
    const e1 = exporter;
    await waitFor(
      async () =>
        (await getJson<Page<DisconnectRecord>>(`${e1.url}/api/disconnects`)).body.items.length ===
        10,
      { what: 'ten replayed records' },
    );
    expect(logs.filter((l) => l.msg?.includes('dropped'))).toEqual([]);

    // Down while 30 sessions come and go (60 events > 40 buffered): a gap is logged.
    await exporter.close();
    await churn(s.url, 30, 'big');
    await waitFor(() => s.disconnected.size === 40, { what: 'server saw 40' });
    exporter = await startExporter(s.url, { token: TARGET_TOKEN, store, logger });
    const e2 = exporter;
    const gap = await waitFor(() => logs.find((l) => l.msg?.includes('dropped')), {
      what: 'a logged gap',
    });
    expect(gap.to! - gap.from! + 1).toBeGreaterThan(0);
    // Counters stay exact anyway: they are the node's cumulative values.
    const m = parseMetrics(await getText(`${e2.url}/metrics`));
    expect(metricSum(m, 'socketio_disconnects_total', { node: 'node-gap' })).toBe(40);
    const log = await getJson<Page<DisconnectRecord>>(`${e2.url}/api/disconnects?limit=1000`);
    expect(log.body.items.length).toBeLessThan(40);
    expect(log.body.items.length).toBeGreaterThan(10);
  });
});
