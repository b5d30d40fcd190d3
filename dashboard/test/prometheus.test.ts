/** Prometheus as a source: the Overview's long ranges and exporter discovery, against a stand-in HTTP API. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPrometheusExporters } from '../lib/exporters/discovery';
import { overviewRange } from '../lib/prometheus/overview-range';

let server: Server;
let url: string;
const queries: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    res.setHeader('content-type', 'application/json');
    if (u.pathname === '/api/v1/targets') {
      res.end(
        JSON.stringify({
          status: 'success',
          data: {
            activeTargets: [
              {
                labels: { job: 'sockscope-exporter', node: 'node-1' },
                scrapeUrl: 'http://127.0.0.1:9464/metrics',
                health: 'up',
              },
              {
                labels: { job: 'prometheus' },
                scrapeUrl: 'http://127.0.0.1:9090/metrics',
                health: 'up',
              },
            ],
          },
        }),
      );
      return;
    }
    const query = u.searchParams.get('query') ?? '';
    queries.push(query);
    const series = (metric: Record<string, string>, values: [number, string][]) => ({
      metric,
      values,
    });
    let result: unknown[] = [];
    if (query.includes('socketio_connected_clients'))
      result = [
        series({ node: 'node-1' }, [
          [100, '5'],
          [115, '7'],
        ]),
      ];
    if (query.includes('socketio_disconnects_total'))
      result = [series({ node: 'node-1', reason: 'ping timeout' }, [[115, '0.5']])];
    if (query.includes('sockscope_target_up'))
      result = [
        series({ node: 'node-1' }, [
          [100, '1'],
          [115, '1'],
        ]),
      ];
    res.end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('Prometheus', () => {
  it('turns query_range answers into Overview ticks', async () => {
    const ticks = await overviewRange({ prometheusUrl: url, rangeMs: 3_600_000, now: 200_000 });
    expect(ticks.map((t) => t.t)).toEqual([100_000, 115_000]);
    expect(ticks[1]!.nodes['node-1']).toMatchObject({
      connected: 7,
      up: true,
      disconnectsPerSec: 0.5,
      disconnectsByReason: { 'ping timeout': 0.5 },
    });
    expect(
      queries.some((q) => q.startsWith('sum by (node, reason) (rate(socketio_disconnects_total[')),
    ).toBe(true);
  });

  it('finds exporters among the scrape targets', async () => {
    expect(await fetchPrometheusExporters(url, 'shared-token')).toEqual([
      { node: 'node-1', url: 'http://127.0.0.1:9464', token: 'shared-token' },
    ]);
  });

  it('fails with a short message when Prometheus is not there', async () => {
    await expect(
      overviewRange({ prometheusUrl: 'http://127.0.0.1:9', rangeMs: 3_600_000 }),
    ).rejects.toThrow();
  });
});
