/** Starts the built dashboard server (server.ts under tsx, production mode) on a free port. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '@sockscope/testkit';

export interface RunningDashboard {
  url: string;
  token: string;
  logs: string[];
  process: ChildProcess;
  stop(): Promise<void>;
}

const dashboardDir = fileURLToPath(new URL('../..', import.meta.url));

export async function startDashboard(
  env: Record<string, string>,
  token = 'test-dashboard-token-0123456789',
): Promise<RunningDashboard> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    cwd: dashboardDir,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      SOCKSCOPE_DASHBOARD_TOKEN: token,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  child.stdout?.on('data', (d: Buffer) => logs.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => logs.push(d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null)
          throw new Error(`dashboard exited (${child.exitCode}): ${logs.join('')}`);
        try {
          const res = await fetch(`${url}/sign-in`, { signal: AbortSignal.timeout(2000) });
          await res.body?.cancel();
          return res.ok;
        } catch {
          return false;
        }
      },
      {
        timeoutMs: 60_000,
        intervalMs: 200,
        message: 'the dashboard server (is it built? npm run build -w dashboard)',
      },
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    url,
    token,
    logs,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Signs in through the `?token=` URL and returns the session cookie (`name=value`). */
export async function signIn(url: string, token: string): Promise<string> {
  const res = await fetch(`${url}/sign-in?token=${encodeURIComponent(token)}`, {
    redirect: 'manual',
  });
  const setCookie = res.headers.get('set-cookie');
  if (res.status !== 303 || !setCookie) throw new Error(`sign-in failed: ${res.status}`);
  return setCookie.split(';')[0]!;
}
