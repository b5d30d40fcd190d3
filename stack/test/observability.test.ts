import { existsSync } from 'node:fs';
import type { ExporterStatus, StackFile } from '@sockscope/contracts';
import {
  connectClient,
  mintToken,
  requireBinary,
  startStack,
  stopAll,
  waitFor,
  type RunningStack,
} from '@sockscope/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alive, descendantsOf } from './support/descendants.js';

interface Target {
  labels: Record<string, string>;
  scrapePool: string;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}

const exporterStatus = async (url: string, token: string): Promise<ExporterStatus> => {
  const res = await fetch(`${url}/api/status`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as ExporterStatus;
};

describe('npm start: exporters and Prometheus', () => {
  let stack: RunningStack;
  let file: StackFile;

  beforeAll(async () => {
    // A test that needs the binary fails (naming the package) rather than skipping.
    requireBinary('prometheus', 'prometheus');
    stack = await startStack({ nodes: 2, env: { SOCKSCOPE_PROMETHEUS_INTERVAL: '1s' } });
    file = stack.stackFile;
  }, 60_000);

  afterAll(() => stopAll());

  it(
    "lists one exporter per node, each connected to its node and seeing the node's sessions",
    { timeout: 40_000 },
    async () => {
      expect(file.exporters.map((e) => e.node)).toEqual(file.nodes.map((n) => n.id));
      for (const exporter of file.exporters) {
        expect(exporter.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(exporter.token.length).toBeGreaterThanOrEqual(16);
        expect(exporter.pid && alive(exporter.pid)).toBe(true);
        const status = await waitFor(
          async () => {
            const s = await exporterStatus(exporter.url, exporter.token);
            return s.targetUp ? s : undefined;
          },
          { timeoutMs: 15_000, message: `the exporter of ${exporter.node} to connect` },
        );
        expect(status.node).toBe(exporter.node);
      }
      // Negative control: the API refuses another exporter's token.
      const [first, second] = file.exporters;
      const refused = await fetch(`${first!.url}/api/status`, {
        headers: { authorization: `Bearer ${second!.token}` },
      });
      expect(refused.status).toBe(401);

      // A session on a node shows up at that node's exporter, and only there.
      const node = file.nodes[0]!;
      const token = await mintToken({ ...file.jwt, sub: 'stack-user' });
      const socket = await connectClient(node.url, { token, transports: ['websocket'] });
      try {
        await waitFor(
          async () => (await exporterStatus(first!.url, first!.token)).liveSessions === 1,
          { timeoutMs: 10_000, message: `the session at the exporter of ${node.id}` },
        );
        expect((await exporterStatus(second!.url, second!.token)).liveSessions).toBe(0);
      } finally {
        socket.disconnect();
      }
    },
  );

  it(
    'runs Prometheus scraping itself and every exporter, with the rules loaded',
    { timeout: 45_000 },
    async () => {
      expect(file.prometheus).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const targets = await waitFor(
        async () => {
          const res = await fetch(`${file.prometheus}/api/v1/targets?state=active`);
          const body = (await res.json()) as { data: { activeTargets: Target[] } };
          const active = body.data.activeTargets;
          return active.length === file.exporters.length + 1 &&
            active.every((t) => t.health === 'up')
            ? active
            : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 250, message: 'every Prometheus target up' },
      );
      const exporterTargets = targets
        .filter((t) => t.scrapePool === 'sockscope-exporter')
        .map((t) => `http://${t.labels.instance}`)
        .sort();
      expect(exporterTargets).toEqual(file.exporters.map((e) => e.url).sort());
      expect(targets.filter((t) => t.scrapePool === 'prometheus')).toHaveLength(1);

      const rules = (await (await fetch(`${file.prometheus}/api/v1/rules`)).json()) as {
        data: { groups: { rules: { type: string }[] }[] };
      };
      const all = rules.data.groups.flatMap((g) => g.rules);
      expect(all.some((r) => r.type === 'recording')).toBe(true);
      expect(all.some((r) => r.type === 'alerting')).toBe(true);

      // The exporters' own series arrive, one per node.
      const query = await waitFor(
        async () => {
          const res = await fetch(
            `${file.prometheus}/api/v1/query?query=${encodeURIComponent('sockscope_target_up == 1')}`,
          );
          const body = (await res.json()) as { data: { result: { metric: { node: string } }[] } };
          return body.data.result.length === file.nodes.length ? body.data.result : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 250, message: 'sockscope_target_up of every node' },
      );
      expect(query.map((r) => r.metric.node).sort()).toEqual(file.nodes.map((n) => n.id).sort());
    },
  );

  it(
    'Ctrl-C (SIGINT) leaves no process behind: nodes, exporters, Prometheus',
    { timeout: 40_000 },
    async () => {
      const children = descendantsOf(stack.process.pid!);
      // nodes + exporters + Prometheus at least (the dashboard only when it is built)
      expect(children.length).toBeGreaterThanOrEqual(file.nodes.length * 2 + 1);
      const status = await stack.stop('SIGINT');
      expect(status).toEqual({ code: 0, signal: null });
      expect(existsSync(stack.stackFilePath)).toBe(false);
      for (const pid of [...children, stack.process.pid!]) expect(alive(pid)).toBe(false);
      expect(await fetch(file.prometheus!).catch(() => 'closed')).toBe('closed');
    },
  );
});
