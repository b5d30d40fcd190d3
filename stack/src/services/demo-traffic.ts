import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunningService, StackContext, StackService } from '../stack-context.js';

const DASHBOARD_DIR = fileURLToPath(new URL('../../../dashboard/', import.meta.url));
const STOP_TIMEOUT_MS = 5000;

/**
 * Demo traffic (dashboard/demo/demo-traffic.ts in its own process): a few hundred simulated
 * users through the entry, so a newcomer sees a live system. `--no-demo` turns it off.
 * Needs the entry service before it.
 */
export const demoTrafficService: StackService = {
  name: 'demo-traffic',
  async start(context: StackContext): Promise<RunningService> {
    const { options, logger } = context;
    if (!options.demo) return { stop: async () => undefined };
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/demo-traffic.ts'], {
      cwd: DASHBOARD_DIR,
      env: {
        ...process.env,
        SOCKSCOPE_DEMO_ENTRY: context.file.entry,
        SOCKSCOPE_DEMO_JWT: JSON.stringify(context.jwt),
        LOG_LEVEL: options.logLevel === 'info' ? 'warn' : options.logLevel,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.once('exit', (code, signal) => {
      if (code !== 0 && signal === null) logger.warn({ code }, 'demo traffic exited');
    });
    logger.info({ entry: context.file.entry }, 'demo traffic started');
    return {
      async stop() {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      },
    };
  },
};
