import type { StackFile } from '@sockscope/contracts';
import { expandQuery, panelQueries, recordingRuleNames } from '@sockscope/grafana';
import {
  mintToken,
  requireBinary,
  runPollingSessions,
  startHaproxy,
  startRedis,
  startStack,
  stopAll,
  waitFor,
  type RunningStack,
} from '@sockscope/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLoad, type Load } from './support/load.js';

/**
 * End to end: the local stack (3 nodes on the Redis Streams adapter, so sessions can recover;
 * one exporter per node; its real Prometheus, scraping and evaluating every second) under a
 * load of every kind; every Grafana panel query and every recording rule returns data; draining
 * a node and polling clients behind a balancer without stickiness make their alerts pending or
 * firing in that Prometheus.
 */

interface Vector {
  metric: Record<string, string>;
  value: [number, string];
}
interface Alert {
  labels: Record<string, string>;
  state: 'pending' | 'firing' | 'inactive';
}

/** The stack's nodes: ping every second so heartbeats, RTT and ping timeouts show quickly. */
const NODE_ENV = { PING_INTERVAL_MS: '1000', PING_TIMEOUT_MS: '3000' };
/** What Grafana would use for $__rate_interval at 1 s scrapes, and the dashboards' range. */
const EXPAND = { rateInterval: '30s', range: '5m' };
/** Steady clients per node: the drained node must hold ≥ 20 for SocketIOConnectionsDroppedSuddenly. */
const STEADY_PER_NODE = 25;

async function query(prometheus: string, promql: string): Promise<Vector[]> {
  const res = await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await res.json()) as {
    status: string;
    error?: string;
    data?: { result: Vector[] };
  };
  if (body.status !== 'success') throw new Error(`${promql}: ${body.error ?? res.status}`);
  return body.data?.result ?? [];
}

async function activeAlerts(prometheus: string): Promise<Alert[]> {
  const res = await fetch(`${prometheus}/api/v1/alerts`);
  return ((await res.json()) as { data: { alerts: Alert[] } }).data.alerts;
}

/**
 * The queries of `list` without data yet: no series, or only NaN (a ratio or quantile of rates
 * that are all 0 is a series of NaN, which Grafana draws as nothing).
 */
async function withoutData(prometheus: string, list: string[]): Promise<string[]> {
  const results = await Promise.all(
    list.map(async (q) =>
      (await query(prometheus, q)).some((v) => v.value[1] !== 'NaN') ? null : q,
    ),
  );
  return results.filter((q): q is string => q !== null);
}

describe('end to end: Prometheus on the local stack', () => {
  let stack: RunningStack;
  let file: StackFile;
  let prometheus: string;
  let load: Load | undefined;

  beforeAll(async () => {
    // The test needs these binaries: it fails naming the Debian package, never skips.
    requireBinary('prometheus', 'prometheus');
    requireBinary('haproxy', 'haproxy');
    const redis = await startRedis();
    stack = await startStack({
      nodes: 3,
      env: { ...NODE_ENV, REDIS_URL: redis.url, SOCKSCOPE_PROMETHEUS_INTERVAL: '1s' },
    });
    file = stack.stackFile;
    if (file.prometheus === null) throw new Error('the stack started without Prometheus');
    prometheus = file.prometheus;
    load = await generateLoad(file, STEADY_PER_NODE);
    // Two rounds of churn with a scrape between them: a counter series is born with its first
    // value, so only the second round shows as a rate (and ratios and quantiles as numbers).
    await load.churn(1);
    const scrapedAfter = (Date.now() + 1500) / 1000;
    await waitFor(
      async () => {
        const stamps = await query(prometheus, 'timestamp(sockscope_target_up)');
        return stamps.length === file.nodes.length &&
          stamps.every((v) => Number(v.value[1]) > scrapedAfter)
          ? true
          : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250, message: 'a scrape after the first round' },
    );
    await load.churn(2);
  }, 100_000);

  afterAll(async () => {
    load?.close();
    // The stack first: its nodes save sessions to Redis while they drain.
    await stack?.stop();
    await stopAll();
  });

  const panels = panelQueries();

  it('has panels and recording rules to check (negative control of the loops below)', () => {
    expect(panels.length).toBeGreaterThan(40);
    expect(recordingRuleNames().size).toBeGreaterThan(20);
  });

  it(
    'every query of every Grafana panel and every recording rule returns data (a number, not only NaN)',
    { timeout: 60_000 },
    async () => {
      const panelExprs = [...new Set(panels.map((q) => expandQuery(q.expr, EXPAND)))];
      const rules = [...recordingRuleNames()];
      let missing: string[] = [];
      await waitFor(
        async () => {
          missing = await withoutData(prometheus, [...panelExprs, ...rules]);
          return missing.length === 0;
        },
        { timeoutMs: 45_000, intervalMs: 1000, message: 'data for every panel and rule' },
      ).catch((error: unknown) => {
        const names = missing.map((expr) => {
          const panel = panels.find((q) => expandQuery(q.expr, EXPAND) === expr);
          return panel ? `${panel.dashboard} / ${panel.panel}: ${expr}` : `rule ${expr}`;
        });
        throw new Error(`${(error as Error).message}\nno data:\n${names.join('\n')}`);
      });
      expect(missing).toEqual([]);
      // The load really had every kind it claims (the exact reasons Socket.IO reports).
      const reasons = new Set(
        (await query(prometheus, 'sum by (reason) (socketio_disconnects_total)')).map(
          (v) => v.metric.reason,
        ),
      );
      for (const reason of ['transport close', 'ping timeout', 'client namespace disconnect'])
        expect(reasons).toContain(reason);
      const results = new Set(
        (await query(prometheus, 'sum by (result) (socketio_recoveries_total)')).map(
          (v) => v.metric.result,
        ),
      );
      expect(results).toEqual(new Set(['recovered', 'failed']));
      // Negative control for the alert tests: nothing of theirs is active before the faults.
      const before = await activeAlerts(prometheus);
      expect(
        before.filter((a) =>
          [
            'SocketIONodeDown',
            'SocketIOConnectionsDroppedSuddenly',
            'SocketIOStickySessionsBroken',
          ].includes(a.labels.alertname ?? ''),
        ),
      ).toEqual([]);
    },
  );

  it(
    'draining a node, and polling clients behind a balancer without stickiness, make their alerts pending or firing',
    { timeout: 75_000 },
    async () => {
      const [drained, ...rest] = file.nodes;
      // A balancer without stickiness in front of the nodes that stay up.
      const haproxy = await startHaproxy({
        backends: rest.map(({ id, url }) => ({ id, url })),
        sticky: false,
      });
      const polling = runPollingSessions({
        url: haproxy.url,
        count: 200,
        concurrency: 20,
        sessionTimeoutMs: 10_000,
        token: (i) => mintToken({ ...file.jwt, sub: `polling-${i}` }),
      });
      stack.signalNode(drained!.id, 'SIGTERM');

      const wanted = [
        { alertname: 'SocketIONodeDown', node: drained!.id },
        { alertname: 'SocketIOConnectionsDroppedSuddenly', node: drained!.id },
        { alertname: 'SocketIOStickySessionsBroken' },
      ];
      let alerts: Alert[] = [];
      await waitFor(
        async () => {
          alerts = await activeAlerts(prometheus);
          return wanted.every((want) =>
            alerts.some(
              (a) =>
                (a.state === 'pending' || a.state === 'firing') &&
                Object.entries(want).every(([k, v]) => a.labels[k] === v),
            ),
          );
        },
        { timeoutMs: 60_000, intervalMs: 1000, message: 'the drain and stickiness alerts' },
      ).catch((error: unknown) => {
        throw new Error(
          `${(error as Error).message}\nactive: ${JSON.stringify(alerts.map((a) => [a.labels, a.state]))}`,
        );
      });
      const result = await polling;
      expect(result.sessionIdUnknown).toBeGreaterThan(0);
      const sticky = alerts.filter((a) => a.labels.alertname === 'SocketIOStickySessionsBroken');
      // Only the balanced nodes see foreign sids.
      for (const alert of sticky) expect(rest.map((n) => n.id)).toContain(alert.labels.node);
    },
  );
});
