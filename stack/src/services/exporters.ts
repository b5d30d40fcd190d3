import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort } from '../free-port.js';
import { instrumentTokenOf } from '../instrument-token.js';
import type { RunningService, StackContext, StackService } from '../stack-context.js';

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5000;
/** Fixed ports: entry port + 41 + i (3041, 3042…), clear of the nodes (port+1…+16). */
const PORT_OFFSET = 41;

/** exporter/dist/main.js, found through the @sockscope/exporter package. */
function exporterMainPath(): string {
  const path = join(dirname(fileURLToPath(import.meta.resolve('@sockscope/exporter'))), 'main.js');
  if (!existsSync(path)) throw new Error(`${path} not found: run npm run build first`);
  return path;
}

/** Resolves with the exporter's URL from its one `{"msg":"listening"}` line on stdout. */
function waitForListening(child: ChildProcess, node: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const recent: string[] = [];
    const timer = setTimeout(
      () => fail(`the exporter of ${node} did not start within ${START_TIMEOUT_MS}ms`),
      START_TIMEOUT_MS,
    );
    const onExit = (code: number | null): void =>
      fail(`the exporter of ${node} exited (code ${code}) while starting`);
    function fail(message: string): void {
      clearTimeout(timer);
      child.off('exit', onExit);
      reject(new Error(`${message}\n${recent.join('\n')}`));
    }
    child.once('exit', onExit);
    if (child.stderr)
      createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => {
        recent.push(line);
        if (recent.length > 20) recent.shift();
      });
    if (child.stdout)
      createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
        try {
          const parsed = JSON.parse(line) as { msg?: string; url?: string };
          if (parsed.msg !== 'listening' || !parsed.url) return;
          clearTimeout(timer);
          child.off('exit', onExit);
          resolve(parsed.url);
        } catch {
          recent.push(line);
        }
      });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * One exporter sidecar process per node (exporter/dist/main.js), logged in with the stack's
 * instrument token, its store in memory, on a loopback port, each with its own API token in the
 * stack file. An exporter that exits is not restarted (the stack logs it and keeps running).
 * Needs the nodes service before it.
 */
export const exportersService: StackService = {
  name: 'exporters',
  async start(context: StackContext): Promise<RunningService> {
    const { options, logger, nodes } = context;
    const main = exporterMainPath();
    const token = instrumentTokenOf(context);
    const children: ChildProcess[] = [];
    let stopping = false;
    const stop = async (): Promise<void> => {
      stopping = true;
      await Promise.all(children.map(stopChild));
    };

    const startExporter = async (
      node: (typeof nodes)[number],
      index: number,
    ): Promise<StackContext['file']['exporters'][number]> => {
      const port =
        options.port === 0 ? await freePort(options.host) : options.port + PORT_OFFSET + index;
      const apiToken = randomBytes(24).toString('base64url');
      // Tokens through the environment, not argv: `ps` shows argv to every user.
      const child = spawn(
        process.execPath,
        [main, '--target', node.url, '--node', node.id, '--listen', `${options.host}:${port}`],
        {
          env: {
            ...process.env,
            SOCKSCOPE_EXPORTER_TOKEN: token,
            SOCKSCOPE_EXPORTER_API_TOKEN: apiToken,
            SOCKSCOPE_EXPORTER_STORE: ':memory:',
            LOG_LEVEL: options.logLevel,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      children.push(child);
      child.once('exit', (code, signal) => {
        if (!stopping)
          logger.warn(
            { node: node.id, code, signal },
            'exporter exited; the stack keeps running without it',
          );
      });
      const url = await waitForListening(child, node.id);
      // Its logs (pino, stderr) go where the nodes' go.
      child.stderr?.pipe(process.stderr);
      return { node: node.id, url, token: apiToken, pid: child.pid ?? 0 };
    };

    try {
      context.file.exporters = await Promise.all(nodes.map(startExporter));
    } catch (error) {
      await stop();
      throw error;
    }
    logger.info({ exporters: context.file.exporters.length }, 'exporters listening');
    return {
      urls: context.file.exporters.map(({ node, url }) => ({ label: `exporter ${node}`, url })),
      stop,
    };
  },
};
