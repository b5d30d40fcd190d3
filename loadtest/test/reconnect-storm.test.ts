/**
 * reconnect-storm with a drained node: three nodes on a real Redis (Streams adapter, so a
 * session saved by one node is recovered by another) behind a sticky HAProxy. The gate sends
 * SIGTERM to one node mid-run; at least 99% of its VUs must reconnect within 10 s, the
 * recovered ratio is reported, and no message is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from './support/cluster.js';
import { runGateCli } from './support/gate-cli.js';

describe('reconnect-storm', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 3, redis: true, haproxy: true });
  }, 90_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 30_000);

  it('reconnects ≥ 99% of a drained node’s VUs within 10 s, recovered, losing no message', async () => {
    const run = await runGateCli(['--scenario', 'reconnect-storm', '--stack', cluster.stackPath], { timeoutMs: 100_000 });
    const report = await run.report();
    const c = report.client.counters;
    console.info(
      `reconnect-storm: affected ${c['sockscope.reconnect_affected']}, reconnected ${c['sockscope.reconnected']} (within 10 s ${c['sockscope.reconnected_within_10s']}), recovered ${c['sockscope.recovered'] ?? 0}, lost ${c['sockscope.messages_lost']} of ${c['sockscope.messages_judged']}, reconnect p99 ${report.client.summaries['sockscope.reconnect_time']?.p99} ms`,
    );
    expect(run.stdout + run.stderr).toMatch(/sent SIGTERM to node lt-0/);
    if (process.env['DBG']) console.info(run.stdout, run.stderr, cluster.nodes[0]?.logs.join('\n'));
    // The drained node really left, so the VUs on it were affected.
    await cluster.nodes[0]?.waitForExit();
    expect(c['sockscope.reconnect_affected']).toBeGreaterThanOrEqual(10);
    expect(report.client.derived['reconnect_within_10s_ratio']).toBeGreaterThanOrEqual(0.99);
    expect(report.client.derived['recovered_ratio']).not.toBeNull();
    expect(c['sockscope.messages_judged']).toBeGreaterThan(100);
    expect(c['sockscope.messages_lost']).toBe(0);
    expect(run.code, run.stderr).toBe(0);
  }, 120_000);

  it('negative control: with recovery effectively off, the same drain loses messages and breaks the gate', async () => {
    const control = await startCluster({ nodes: 3, redis: true, haproxy: true, env: { RECOVERY_WINDOW_MS: '1' } });
    try {
      const run = await runGateCli(['--scenario', 'reconnect-storm', '--stack', control.stackPath], { timeoutMs: 100_000 });
      const report = await run.report();
      const c = report.client.counters;
      console.info(`control: affected ${c['sockscope.reconnect_affected']}, recovered ${c['sockscope.recovered'] ?? 0}, lost ${c['sockscope.messages_lost']}`);
      expect(c['sockscope.reconnect_affected']).toBeGreaterThanOrEqual(10);
      expect(report.client.derived['recovered_ratio']).toBeLessThan(0.5);
      expect(c['sockscope.messages_lost']).toBeGreaterThan(0);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/BROKEN recovered_ratio >= 0\.99: recovered_ratio = [\d.]+ \(bound >= 0\.99\)/);
    } finally {
      await control.stop();
    }
  }, 150_000);
});
