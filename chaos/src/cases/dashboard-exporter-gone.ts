import { startStack } from '@sockscope/testkit';
import type { ChaosCase } from '../chaos-case.js';
import { dashboardCookie, probe } from '../http-probe.js';

const PAGES = ['/disconnects', '/sessions', '/nodes', '/'] as const;

/** Case 5: one exporter frozen (SIGSTOP): every page answers within 2 s and says partial. */
export const dashboardExporterGone: ChaosCase = {
  name: 'dashboard-exporter-frozen',
  issueCase: 5,
  short: false,
  timeoutMs: () => 150_000,
  async run({ log }) {
    const stack = await startStack({ nodes: 2, env: { LOG_LEVEL: 'warn' } });
    const frozen = stack.stackFile.exporters[1];
    try {
      const { dashboard } = stack.stackFile;
      if (!dashboard) return { pass: false, numbers: {}, note: 'dashboard not built' };
      if (!frozen?.pid) throw new Error('stack without a second exporter pid');
      const cookie = await dashboardCookie(dashboard.url, dashboard.token);
      for (const page of PAGES) await probe(`${dashboard.url}${page}`, { headers: { cookie } }); // compile/warm
      log(`SIGSTOP exporter of ${frozen.node}`);
      process.kill(frozen.pid, 'SIGSTOP');
      await new Promise((resolve) => setTimeout(resolve, 3000)); // let the live hub notice
      const results: Record<string, string> = {};
      let slowest = 0;
      let allMarked = true;
      for (const page of PAGES) {
        const res = await probe(`${dashboard.url}${page}`, {
          headers: { cookie },
          timeoutMs: 15_000,
        });
        slowest = Math.max(slowest, res.ms);
        const marked =
          /Partial results|did not answer|unavailable/i.test(res.body) &&
          res.body.includes(frozen.node);
        // Sessions, Nodes and Overview render in the browser from the live feed; Disconnects is
        // rendered on the server, so its HTML must carry the partial notice.
        if (page === '/disconnects' && !marked) allMarked = false;
        results[page] = `${res.status} in ${res.ms}ms${marked ? ' partial' : ''}`;
      }
      const api = await probe(`${dashboard.url}/api/nodes`, {
        headers: { cookie },
        timeoutMs: 15_000,
      });
      slowest = Math.max(slowest, api.ms);
      const state = (
        JSON.parse(api.body || '{"nodes":[]}') as { nodes: { node: string; state: string }[] }
      ).nodes.find((n) => n.node === frozen.node)?.state;
      const allOk = Object.values(results).every((r) => r.startsWith('200 '));
      return {
        pass: allOk && allMarked && slowest <= 2000 && state === 'unavailable',
        numbers: {
          ...results,
          '/api/nodes': `${api.status} in ${api.ms}ms, ${frozen.node} ${state ?? '?'}`,
          slowest: `${slowest}ms`,
        },
      };
    } finally {
      if (frozen?.pid) {
        try {
          process.kill(frozen.pid, 'SIGCONT');
        } catch {
          // already gone
        }
      }
      await stack.stop();
    }
  },
};
