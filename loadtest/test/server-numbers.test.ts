/**
 * The server-side numbers in the gate's report match the exporter's own counters for the same
 * window within 1%: a Socket.IO server with the real instrument(io), the real exporter beside
 * it, the gate with `--exporters` and then with `--prometheus` (a real Prometheus scraping the
 * exporter); the test scrapes /metrics itself before and after each run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { METRICS } from '@sockscope/contracts';
import { freePort } from '@sockscope/testkit';
import { parsePromText, sumBy, type Sample } from '../src/gate/collect/prom-text.js';
import { SCENARIOS_DIR } from '../src/gate/paths.js';
import type { GateReport } from '../src/gate/report-types.js';
import { spawnExporter, type ExporterProcess } from './support/exporter.js';
import { startScrapingPrometheus, type PrometheusServer } from './support/prometheus.js';
import { outDir, runGateCli } from './support/gate-cli.js';
import { startInstrumentedServer, type InstrumentedServer } from './support/instrumented-server.js';

const TOKEN = 'server-numbers-instrument-token';
const API_TOKEN = 'server-numbers-api-token';
const SIGNING = { SOCKSCOPE_JWT_SECRET: 'server-numbers-secret-0123456789abcdef', SOCKSCOPE_JWT_ISSUER: 'i', SOCKSCOPE_JWT_AUDIENCE: 'a' };

describe('server-side numbers', () => {
  let server: InstrumentedServer;
  let exporter: ExporterProcess;
  let prometheus: PrometheusServer;

  beforeAll(async () => {
    server = await startInstrumentedServer(TOKEN, 'numbers-0');
    exporter = await spawnExporter({ target: server.url, token: TOKEN, apiToken: API_TOKEN, port: await freePort() });
    prometheus = await startScrapingPrometheus([exporter.url], API_TOKEN);
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.stop();
    await server?.stop();
  }, 30_000);

  const scrape = async (): Promise<Sample[]> =>
    parsePromText(await (await fetch(`${exporter.url}/metrics`, { headers: { authorization: `Bearer ${API_TOKEN}` } })).text());

  const judgeAgainstExporter = async (source: string[]): Promise<GateReport> => {
    const dir = await outDir();
    const slo = join(dir, 'numbers.yml');
    await writeFile(slo, 'objectives:\n  - vusers.failed == 0\n  - server.connections > 0\n  - server.handshake_errors == 0\n');
    // connect-storm with a 2 s hold: the window only needs whole sessions, not long ones.
    const scenario = join(dir, 'short-storm.yml');
    await writeFile(scenario, (await readFile(join(SCENARIOS_DIR, 'connect-storm.yml'), 'utf8')).replace(/holdSeconds: \d+/, 'holdSeconds: 2'));
    const before = await scrape();
    const run = await runGateCli(['--scenario', scenario, '--target', server.url, ...source, '--slo', slo, '--duration', '3', '--rate', '15'], { env: SIGNING });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const after = await scrape();
    const report = await run.report();
    const numbers = report.server;
    expect(numbers?.nodes).toEqual(['numbers-0']);
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
    console.info(`server numbers (${numbers?.source}): ${vus} VUs, exporter connections +${connections}, report ${numbers?.connections}; disconnects ${JSON.stringify(numbers?.disconnects)}`);
    // Real traffic went through: each VU is one engine connection and one disconnect.
    expect(vus).toBeGreaterThanOrEqual(40);
    expect(connections).toBe(vus);
    within1(numbers?.connections, connections);
    const disconnects = delta(METRICS.disconnectsTotal, 'reason');
    expect(Object.values(disconnects).reduce((a, b) => a + b, 0)).toBe(vus);
    for (const [reason, count] of Object.entries(disconnects)) within1(numbers?.disconnects[reason], count);
    expect(Object.keys(numbers?.disconnects ?? {}).filter((r) => (numbers?.disconnects[r] ?? 0) > 0).sort()).toEqual(Object.keys(disconnects).sort());
    for (const [code, count] of Object.entries(delta(METRICS.handshakeErrorsTotal, 'code'))) within1(numbers?.handshakeErrors[code], count);
    return report;
  };

  it('from --exporters equal the exporter counters for the run window (within 1%)', async () => {
    const report = await judgeAgainstExporter(['--exporters', exporter.url, '--exporter-token', API_TOKEN]);
    expect(report.server?.source).toBe('exporters');
  }, 90_000);

  it('from --prometheus equal the exporter counters for the run window (within 1%)', async () => {
    const report = await judgeAgainstExporter(['--prometheus', prometheus.url]);
    expect(report.server?.source).toBe('prometheus');
  }, 90_000);
});
