import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const benchDir = fileURLToPath(new URL('.', import.meta.url));

/** Servers go on core 0 and drivers on core 1 when taskset and two cores are there. */
export const pinning = spawnSync('taskset', ['-V']).status === 0 && cpus().length >= 2;

/** Runs node with `args`, pinned to one core when it can be (taskset execs: same pid). */
export function runNode(args: string[], core: number, env: NodeJS.ProcessEnv = {}): ChildProcess {
  const node = [process.execPath, ...args];
  const [command, ...rest] = pinning ? ['taskset', '-c', String(core), ...node] : node;
  return spawn(command!, rest, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', ...env },
  });
}

/** Runs a TypeScript file of the bench folder with tsx, after any extra node flags. */
export function runBenchFile(
  file: string,
  args: string[],
  core: number,
  nodeFlags: string[] = [],
): ChildProcess {
  return runNode([...nodeFlags, '--import', 'tsx', `${benchDir}${file}`, ...args], core);
}

/** The first stdout line that is JSON and passes `accept`. */
export function jsonLine<T>(
  child: ChildProcess,
  accept: (value: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const value = JSON.parse(line) as T;
        if (accept(value)) resolve(value);
      } catch {
        // not JSON: a log line
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`process exited with ${code} before printing a result`)),
    );
  });
}
