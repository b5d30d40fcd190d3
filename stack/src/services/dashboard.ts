import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../free-port.js';
import type { RunningService, StackContext, StackService } from '../stack-context.js';

/** The dashboard's folder (same depth from src/services and dist/services). */
const DASHBOARD_DIR = fileURLToPath(new URL('../../../dashboard/', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5000;

async function waitForDashboard(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `the dashboard exited (${child.exitCode ?? child.signalCode}) while starting`,
      );
    try {
      const res = await fetch(`${url}/sign-in`, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the dashboard did not answer within ${START_TIMEOUT_MS}ms`);
}

/**
 * The dashboard (dashboard/server.ts, production build) with a sign-in token generated for this
 * stack. It finds the exporters through the stack file. Port: entry port + 80, or ephemeral.
 */
export const dashboardService: StackService = {
  name: 'dashboard',
  async start(context: StackContext): Promise<RunningService> {
    const { options, logger } = context;
    if (!existsSync(resolve(DASHBOARD_DIR, '.next', 'BUILD_ID'))) {
      // `npm start` builds everything first; a stack started from a partial build runs without it.
      logger.warn(
        'dashboard not built, not started: run npx turbo run build --filter=@sockscope/dashboard',
      );
      return { stop: async () => undefined };
    }
    const token = randomBytes(24).toString('base64url');
    const port = options.port === 0 ? await freePort(options.host) : options.port + 80;
    const url = `http://${options.host}:${port}`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
      cwd: DASHBOARD_DIR,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        HOST: options.host,
        PORT: String(port),
        SOCKSCOPE_DASHBOARD_TOKEN: token,
        SOCKSCOPE_STACK_FILE: resolve(options.stackFile),
        // Where `npm run loadtest` writes its runs: <stack file>/../../loadtest-report/<run>/.
        SOCKSCOPE_LOAD_TEST_RUNS:
          process.env.SOCKSCOPE_LOAD_TEST_RUNS ??
          resolve(options.stackFile, '..', '..', 'loadtest-report'),
        ...(context.file.prometheus ? { PROMETHEUS_URL: context.file.prometheus } : {}),
        LOG_LEVEL: options.logLevel,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    let stopped = false;
    const stop = async () => {
      stopped = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    };
    // Not awaited: the stack (and its tests) need not wait for Next.js to warm up; the URL is
    // known in advance and answers within a few seconds.
    waitForDashboard(url, child).then(
      () => logger.info({ url }, 'dashboard listening'),
      (error: unknown) =>
        stopped ||
        logger.error(
          { err: error instanceof Error ? error.message : String(error) },
          'dashboard did not start',
        ),
    );
    context.file.dashboard = { url, token };
    return {
      urls: [{ label: 'dashboard (sign-in URL)', url: `${url}/sign-in?token=${token}` }],
      stop,
    };
  },
};
