import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChaosCase } from '../chaos-case.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export interface ExistingTestOptions {
  name: string;
  issueCase: number;
  /** Workspace folder, e.g. `exporter`. */
  workspace: string;
  /** Test file relative to the workspace. */
  file: string;
  /** Only tests whose name matches (vitest -t). */
  testName?: string;
  /** Extra vitest flags (e.g. a config). @default [] */
  args?: string[];
  timeoutMs?: number;
}

/**
 * A case already proven by a workspace's own test: the runner runs that test file (not a
 * copy of it) and reports its counts, so the number printed is the one the test asserts.
 */
export function existingTest(options: ExistingTestOptions): ChaosCase {
  const timeoutMs = options.timeoutMs ?? 180_000;
  return {
    name: options.name,
    issueCase: options.issueCase,
    short: false,
    timeoutMs: () => timeoutMs + 5000,
    run: () =>
      new Promise((resolve) => {
        const cwd = join(REPO, options.workspace);
        const args = [
          join(REPO, 'node_modules', 'vitest', 'vitest.mjs'),
          'run',
          options.file,
          ...(options.testName ? ['-t', options.testName] : []),
          ...(options.args ?? []),
        ];
        const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        child.once('close', (code) => {
          clearTimeout(timer);
          // eslint-disable-next-line no-control-regex
          const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
          const passed = /Tests\s+(?:.*?)(\d+) passed/.exec(plain)?.[1] ?? '0';
          const failed = /Tests\s+(\d+) failed/.exec(plain)?.[1] ?? '0';
          resolve({
            pass: code === 0 && Number(passed) > 0,
            numbers: {
              test: `${options.workspace}/${options.file}${options.testName ? ` "${options.testName}"` : ''}`,
              passed,
              failed,
            },
            ...(code !== 0 && { note: `exit ${code ?? 'killed'}` }),
          });
        });
      }),
  };
}
