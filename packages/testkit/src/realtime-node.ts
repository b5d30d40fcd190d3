import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnTracked, tail, type ExitStatus, type TrackedProcess } from './processes.js';
import { repoRoot } from './repo-root.js';

export interface SpawnRealtimeNodeOptions {
  /** Path of the node's entry script. @default $SOCKSCOPE_REALTIME_MAIN or <repo>/realtime/dist/main.js */
  mainPath?: string;
  /** How long to wait for the `"msg":"listening"` line. @default 20000 */
  startTimeoutMs?: number;
}

export interface RealtimeNodeProcess {
  /** The node id from the listening line (the sid prefix). */
  id: string;
  /** `http://127.0.0.1:<port>` as logged by the node. */
  url: string;
  port: number;
  pid: number;
  process: TrackedProcess['process'];
  /** Every output line so far (JSON log lines). */
  logs: string[];
  /** Sends `signal` (default SIGTERM: the node drains), SIGKILL after 15 s; resolves on exit. */
  stop(signal?: NodeJS.Signals): Promise<ExitStatus>;
  waitForExit(): Promise<ExitStatus>;
}

interface ListeningLine {
  msg: 'listening';
  node: string;
  port: number;
  url: string;
}

function parseListening(line: string): ListeningLine | undefined {
  if (!line.includes('"listening"')) return undefined;
  try {
    const parsed = JSON.parse(line) as Partial<ListeningLine>;
    if (
      parsed.msg === 'listening' &&
      typeof parsed.port === 'number' &&
      typeof parsed.url === 'string'
    ) {
      return { msg: 'listening', node: String(parsed.node), port: parsed.port, url: parsed.url };
    }
  } catch {
    // not JSON: some other output
  }
  return undefined;
}

/** The realtime node's built entry script, with a clear error when it is not built. */
export function realtimeMainPath(): string {
  const path =
    process.env.SOCKSCOPE_REALTIME_MAIN ?? join(repoRoot(), 'realtime', 'dist', 'main.js');
  if (!existsSync(path)) {
    throw new Error(
      `${path} not found: build it first (npx turbo run build --filter=@sockscope/realtime)`,
    );
  }
  return path;
}

/**
 * Spawns `node realtime/dist/main.js` with `PORT=0`, `HOST=127.0.0.1`, `TEST_HOOKS` unset and
 * `env` on top of the current environment, and resolves once it logged `"msg":"listening"`.
 * The process is tracked: stopAll() or the test process's exit kills it.
 */
export async function spawnRealtimeNode(
  env: Record<string, string | undefined>,
  options: SpawnRealtimeNodeOptions = {},
): Promise<RealtimeNodeProcess> {
  const mainPath = options.mainPath ?? realtimeMainPath();
  const child = spawnTracked(process.execPath, [mainPath], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
  });
  const timeoutMs = options.startTimeoutMs ?? 20_000;
  const listening = await new Promise<ListeningLine>((resolve, reject) => {
    const found = child.logs.map(parseListening).find(Boolean);
    if (found) return resolve(found);
    const timer = setTimeout(() => {
      done();
      reject(
        new Error(
          `realtime node did not log "listening" within ${timeoutMs}ms:\n${tail(child.logs)}`,
        ),
      );
    }, timeoutMs);
    const unsubscribe = child.onLine((line) => {
      const parsed = parseListening(line);
      if (parsed) {
        done();
        resolve(parsed);
      }
    });
    const onExit = (code: number | null): void => {
      done();
      reject(
        new Error(`realtime node exited (code ${code}) before listening:\n${tail(child.logs)}`),
      );
    };
    child.process.once('exit', onExit);
    function done(): void {
      clearTimeout(timer);
      unsubscribe();
      child.process.off('exit', onExit);
    }
  }).catch(async (error: unknown) => {
    await child.stop('SIGKILL');
    throw error;
  });
  return {
    id: listening.node,
    url: listening.url,
    port: listening.port,
    pid: child.pid,
    process: child.process,
    logs: child.logs,
    stop: (signal = 'SIGTERM') => child.stop(signal),
    waitForExit: () => child.waitForExit(),
  };
}
