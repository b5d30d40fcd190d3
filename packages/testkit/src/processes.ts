import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface TrackedProcess {
  readonly process: ChildProcess;
  readonly pid: number;
  /** Every stdout/stderr line so far (the last 20,000). */
  readonly logs: string[];
  /** Calls `listener` for each new output line; returns an unsubscribe function. */
  onLine(listener: (line: string) => void): () => void;
  /** Resolves once the process has exited. */
  waitForExit(): Promise<ExitStatus>;
  /** Sends `signal` (default SIGTERM), then SIGKILL after `timeoutMs` (default 15000); resolves on exit. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ExitStatus>;
}

export interface SpawnTrackedOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

const MAX_LOG_LINES = 20_000;
const live = new Set<TrackedProcess>();
let exitHookInstalled = false;

function killLive(): void {
  for (const tracked of live) {
    try {
      tracked.process.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort when a test forgot stopAll() or the runner is interrupted: never leave our
  // children behind.
  process.once('exit', killLive);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killLive();
      // Keep the default behaviour (exit) unless someone else handles the signal.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

/** Spawns a child process that is tracked (killed by stopAll() or on exit) and whose lines are kept. */
export function spawnTracked(
  command: string,
  args: readonly string[],
  options: SpawnTrackedOptions = {},
): TrackedProcess {
  installExitHook();
  const child = spawn(command, args, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${command}`);
  const logs: string[] = [];
  const listeners = new Set<(line: string) => void>();
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      logs.push(line);
      if (logs.length > MAX_LOG_LINES) logs.splice(0, logs.length - MAX_LOG_LINES);
      for (const listener of listeners) listener(line);
    });
  }
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const tracked: TrackedProcess = {
    process: child,
    pid: child.pid,
    logs,
    onLine(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    waitForExit: () => exited,
    async stop(signal = 'SIGTERM', timeoutMs = 15_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        try {
          return await exited;
        } finally {
          clearTimeout(timer);
        }
      }
      return exited;
    },
  };
  live.add(tracked);
  void exited.then(() => live.delete(tracked));
  return tracked;
}

/** Stops (SIGTERM, then SIGKILL) every process the testkit started that is still running. Call it in afterAll. */
export async function stopAll(timeoutMs = 15_000): Promise<void> {
  await Promise.all([...live].map((tracked) => tracked.stop('SIGTERM', timeoutMs)));
}

/** The last `count` lines of a process, for error messages. */
export function tail(logs: readonly string[], count = 30): string {
  return logs.slice(-count).join('\n');
}
