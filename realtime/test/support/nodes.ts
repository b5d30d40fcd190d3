import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import {
  createRealtimeNode,
  type RealtimeNode,
  type RealtimeNodeOptions,
} from '../../src/index.js';
import { AUDIENCE, ISSUER, SECRET } from './tokens.js';

export const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

const started = new Set<RealtimeNode>();

/** An in-process node on an ephemeral loopback port, HS256 test secret, silent logs. */
export async function startNode(options: Partial<RealtimeNodeOptions> = {}): Promise<RealtimeNode> {
  const node = await createRealtimeNode({
    port: 0,
    jwtSecret: SECRET,
    jwtIssuer: ISSUER,
    jwtAudience: AUDIENCE,
    logLevel: 'silent',
    ...options,
  });
  started.add(node);
  return node;
}

export async function stopNodes(): Promise<void> {
  await Promise.all([...started].map((node) => node.close()));
  started.clear();
}

export interface SpawnedNode {
  child: ChildProcessByStdio<null, Readable, Readable>;
  url: string;
  port: number;
  nodeId: string;
  /** Every stdout line so far. */
  lines: string[];
  stderr: () => string;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
  stop(): Promise<void>;
}

const spawnedNodes = new Set<SpawnedNode>();

/** The built bin (dist/main.js) in its own process; resolves on its "listening" log line. */
export async function spawnNode(
  env: Record<string, string> = {},
  timeoutMs = 15_000,
): Promise<SpawnedNode> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      JWT_SECRET: SECRET,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let err = '';
  let partial = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const listening = new Promise<{ url: string; port: number; node: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`node did not listen within ${timeoutMs} ms: ${err}`)),
      timeoutMs,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      partial += chunk.toString();
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (line.includes('"msg":"listening"')) {
          clearTimeout(timer);
          resolve(JSON.parse(line) as { url: string; port: number; node: string });
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`node exited (${code}) before listening: ${err}`));
    });
  });
  const info = await listening;
  const spawned: SpawnedNode = {
    child,
    url: info.url,
    port: info.port,
    nodeId: info.node,
    lines,
    stderr: () => err,
    exited,
    async stop() {
      spawnedNodes.delete(spawned);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
  spawnedNodes.add(spawned);
  return spawned;
}

export async function stopSpawned(): Promise<void> {
  await Promise.all([...spawnedNodes].map((node) => node.stop()));
}
