import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StackFile } from '@sockscope/contracts';
import { spawnTracked, tail, type ExitStatus, type TrackedProcess } from './processes.js';
import { repoRoot } from './repo-root.js';
import { waitFor } from './wait-for.js';

export interface StartStackOptions {
  /** Realtime nodes. @default 3 */
  nodes?: number;
  /** More flags for the stack's main (after the ones set here). @default [] */
  args?: string[];
  /** Added to the current environment (undefined unsets a variable). @default {} */
  env?: Record<string, string | undefined>;
  /** How long to wait for the stack file. @default 60000 */
  startTimeoutMs?: number;
}

export interface RunningStack {
  /** The parsed stack file. */
  stackFile: StackFile;
  /** Where the stack wrote it (in a temp directory). */
  stackFilePath: string;
  process: TrackedProcess['process'];
  logs: string[];
  /** Sends `signal` (SIGTERM by default) to one node's process, found by id in the stack file. */
  signalNode(id: string, signal?: NodeJS.Signals): void;
  /** SIGTERM (or `signal`) to the stack, SIGKILL after 30 s; resolves on exit. Also removes the temp dir. */
  stop(signal?: NodeJS.Signals): Promise<ExitStatus>;
  waitForExit(): Promise<ExitStatus>;
}

function readStackFile(path: string): StackFile | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as StackFile;
  } catch {
    return undefined; // being written
  }
}

/**
 * Spawns the local stack (`node stack/dist/main.js --port 0 --stack-file <tmp> --no-demo`) and
 * resolves once its stack file exists. Every port is ephemeral.
 */
export async function startStack(options: StartStackOptions = {}): Promise<RunningStack> {
  const mainPath = join(repoRoot(), 'stack', 'dist', 'main.js');
  if (!existsSync(mainPath)) {
    throw new Error(
      `${mainPath} not found: build it first (npx turbo run build --filter=@sockscope/stack)`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'sockscope-stack-'));
  const stackFilePath = join(dir, 'stack.json');
  const args = [
    mainPath,
    '--port',
    '0',
    '--stack-file',
    stackFilePath,
    '--nodes',
    String(options.nodes ?? 3),
    '--no-demo',
    ...(options.args ?? []),
  ];
  const child = spawnTracked(process.execPath, args, { env: { ...process.env, ...options.env } });
  let stackFile: StackFile;
  try {
    stackFile = await waitFor(
      () => {
        if (child.process.exitCode !== null)
          throw new Error(`stack exited (code ${child.process.exitCode})`);
        return readStackFile(stackFilePath);
      },
      { timeoutMs: options.startTimeoutMs ?? 60_000, intervalMs: 100, message: 'the stack file' },
    );
  } catch (error) {
    await child.stop('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n${tail(child.logs)}`);
  }
  return {
    stackFile,
    stackFilePath,
    process: child.process,
    logs: child.logs,
    signalNode(id, signal = 'SIGTERM') {
      const node = stackFile.nodes.find((n) => n.id === id);
      if (!node?.pid) throw new Error(`no node ${id} with a pid in the stack file`);
      process.kill(node.pid, signal);
    },
    async stop(signal = 'SIGTERM') {
      const status = await child.stop(signal, 30_000);
      await rm(dir, { recursive: true, force: true });
      return status;
    },
    waitForExit: () => child.waitForExit(),
  };
}
