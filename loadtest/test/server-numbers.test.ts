/**
 * The server-side numbers in the gate's report match the exporter's own counters for the same
 * window within 1%: a Socket.IO server with the real instrument(io), the real exporter beside
 * it, the gate with `--exporters`; the test scrapes /metrics itself before and after the run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { METRICS } from '@sockscope/contracts';
import { freePort } from '@sockscope/testkit';
import { parsePromText, sumBy, type Sample } from '../src/gate/collect/prom-text.js';
import { spawnExporter, type ExporterProcess } from './support/exporter.js';
import { outDir, runGateCli } from './support/gate-cli.js';
import { startInstrumentedServer, type InstrumentedServer } from './support/instrumented-server.js';

const TOKEN = 'server-numbers-instrument-token';
const API_TOKEN = 'server-numbers-api-token';
const SIGNING = { SOCKSCOPE_JWT_SECRET: 'server-numbers-secret-0123456789abcdef', SOCKSCOPE_JWT_ISSUER: 'i', SOCKSCOPE_JWT_AUDIENCE: 'a' };

describe('server-side numbers', () => {
  let server: InstrumentedServer;
  let exporter: ExporterProcess;

  beforeAll(async () => {
    server = await startInstrumentedServer(TOKEN, 'numbers-0');
    exporter = await spawnExporter({ target: server.url, token: TOKEN, apiToken: API_TOKEN, port: await freePort() });
  }, 60_000);

  afterAll(async () => {
    await exporter?.stop();
    await server?.stop();
  }, 30_000);

  const scrape = async (): Promise<Sample[]> =>
    parsePromText(await (await fetch(`${exporter.url}/metrics`, { headers: { authorization: `Bearer ${API_TOKEN}` } })).text());

  it('equal the exporter counters for the run window (within 1%)', async () => {
    const slo = join(await outDir(), 'numbers.yml');
    await writeFile(slo, 'objectives:\n  - vusers.failed == 0\n  - server.connections > 0\n  - server.handshake_errors == 0\n');
    const before = await scrape();
    const run = await runGateCli(
      ['--scenario', 'connect-storm', '--target', server.url, '--exporters', exporter.url, '--exporter-token', API_TOKEN, '--slo', slo, '--duration', '4', '--rate', '15'],
      { env: SIGNING },
    );
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const after = await scrape();
    const report = await run.report();
    const server_ = report.server;
    expect(server_?.source).toBe('exporters');
    expect(server_?.nodes).toEqual(['numbers-0']);

    const delta = (name: string, label: string): Record<string, number> => {
      const a = sumBy(after, name, label);
      const b = sumBy(before, name, label);
      return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v - (b[k] ?? 0)]).filter(([, v]) => v !== 0));
    };
    const within1 = (measured: number | undefined, truth: number): void => {
      expect(Math.abs((measured ?? 0) - truth)).toBeLessThanOrEqual(truth * 0.01);
    };
    const vus = report.client.counters['vusers.created'] ?? 0;
    const connections = delta(METRICS.connectionsTotal, '')[''] ?? 0;
    console.info(`server numbers: ${vus} VUs, exporter connections +${connections}, report ${server_?.connections}; disconnects ${JSON.stringify(server_?.disconnects)}`);
    // Real traffic went through: each VU is one engine connection and one disconnect.
    expect(vus).toBeGreaterThanOrEqual(50);
    expect(connections).toBe(vus);
    within1(server_?.connections, connections);
    const disconnects = delta(METRICS.disconnectsTotal, 'reason');
    expect(Object.values(disconnects).reduce((a, b) => a + b, 0)).toBe(vus);
    for (const [reason, count] of Object.entries(disconnects)) within1(server_?.disconnects[reason], count);
    expect(Object.keys(server_?.disconnects ?? {}).filter((r) => (server_?.disconnects[r] ?? 0) > 0).sort()).toEqual(Object.keys(disconnects).sort());
    const handshakeErrors = delta(METRICS.handshakeErrorsTotal, 'code');
    for (const [code, count] of Object.entries(handshakeErrors)) within1(server_?.handshakeErrors[code], count);
  }, 90_000);
});
