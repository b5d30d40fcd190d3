/**
 * Starts the real local stack once for the run (testkit startStack: 3 nodes, their exporters,
 * the dashboard, demo traffic off) and hands its stack file to the tests through the environment.
 */
import { readFileSync } from 'node:fs';
import type { FullConfig } from '@playwright/test';
import type { StackFile } from '@sockscope/contracts';
import { requireBinary, startStack, waitFor } from '@sockscope/testkit';

export default async function globalSetup(_config: FullConfig) {
  requireBinary('chromium', 'chromium');
  // For development only: run against a stack that is already up (its stack file).
  const existing = process.env.SOCKSCOPE_E2E_USE_STACK_FILE;
  const stack = existing ? null : await startStack({ nodes: 3, startTimeoutMs: 90_000 });
  const file = stack ? stack.stackFile : (JSON.parse(readFileSync(existing!, 'utf8')) as StackFile);
  if (!file.dashboard)
    throw new Error(
      'the stack file has no dashboard: build it first (npx turbo run build --filter=@sockscope/dashboard)',
    );
  if (file.exporters.length === 0)
    throw new Error(
      'the stack file lists no exporters: the stack must start one exporter per node',
    );
  const dashboardUrl = file.dashboard.url;
  await waitFor(
    async () => {
      try {
        const res = await fetch(`${dashboardUrl}/sign-in`);
        await res.body?.cancel();
        return res.ok;
      } catch {
        return false;
      }
    },
    { timeoutMs: 60_000, intervalMs: 250, message: 'the dashboard to answer' },
  );
  process.env.SOCKSCOPE_E2E_STACK = JSON.stringify(file);
  return async () => {
    await stack?.stop();
  };
}
