/**
 * The delivery-latency metric is true: a node that delays room deliveries by 100 ms (the
 * DELIVERY_DELAY_MS test hook) moves the measured p50 by 100 ± 20 ms against an undelayed node,
 * both measured in this test by the same gate and scenario.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from './support/cluster.js';
import { outDir, runGateCli } from './support/gate-cli.js';

describe('delivery latency', () => {
  const clusters: Cluster[] = [];

  beforeAll(async () => {
    clusters.push(await startCluster());
    clusters.push(await startCluster({ env: { TEST_HOOKS: '1', DELIVERY_DELAY_MS: '100' } }));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clusters.map((c) => c.stop()));
  }, 30_000);

  it('moves delivery p50 by the server-side delay (100 ± 20 ms)', async () => {
    const [plain, delayed] = clusters as [Cluster, Cluster];
    // Client-side objectives only: these single nodes run without exporters.
    const slo = join(await outDir(), 'delivery.yml');
    await writeFile(slo, 'objectives:\n  - vusers.failed == 0\n  - messages_lost == 0\n');
    const p50 = async (cluster: Cluster): Promise<number> => {
      const run = await runGateCli(['--scenario', 'chat', '--stack', cluster.stackPath, '--slo', slo, '--duration', '4', '--rate', '3']);
      expect(run.code, run.stderr).toBe(0);
      const report = await run.report();
      const summary = report.client.summaries['sockscope.delivery_latency'];
      expect(summary?.count, run.stderr).toBeGreaterThan(50);
      return summary?.p50 ?? NaN;
    };
    const [base, slow] = await Promise.all([p50(plain), p50(delayed)]);
    console.info(`delivery p50: ${base} ms without delay, ${slow} ms with DELIVERY_DELAY_MS=100`);
    expect(slow - base).toBeGreaterThanOrEqual(80);
    expect(slow - base).toBeLessThanOrEqual(120);
  }, 90_000);
});
