import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { spawnTracked, tail, type TrackedProcess } from './processes.js';
import { requireBinary } from './require-binary.js';
import { waitFor } from './wait-for.js';

export interface StartRedisOptions {
  /** How long to wait for redis-server to answer PING. @default 15000 */
  startTimeoutMs?: number;
}

export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** The redis-server process (replaced by restart()). */
  readonly process: TrackedProcess;
  /** Stops redis-server (SIGTERM) and removes its temp directory. */
  stop(): Promise<void>;
  /** Stops and starts redis-server again on the same port, with empty data. */
  restart(): Promise<void>;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    socket.setTimeout(1000, () => socket.destroy());
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) {
        socket.destroy();
        resolve(reply.startsWith('+PONG'));
      }
    });
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(false));
  });
}

/**
 * Starts a real redis-server on a free loopback port with persistence off (`--save ''
 * --appendonly no`) in a temp directory. Fails naming the Debian package when it is missing.
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  const binary = requireBinary('redis-server', 'redis-server');
  const dir = await mkdtemp(join(tmpdir(), 'sockscope-redis-'));
  const port = await freePort();
  const startTimeoutMs = options.startTimeoutMs ?? 15_000;

  const launch = async (): Promise<TrackedProcess> => {
    const child = spawnTracked(binary, [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--protected-mode',
      'yes',
    ]);
    try {
      await waitFor(
        async () => {
          if (child.process.exitCode !== null)
            throw new Error(`redis-server exited:\n${tail(child.logs)}`);
          return ping(port);
        },
        { timeoutMs: startTimeoutMs, intervalMs: 50, message: `redis-server on port ${port}` },
      );
    } catch (error) {
      await child.stop('SIGKILL');
      throw error;
    }
    return child;
  };

  let current = await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get process() {
      return current;
    },
    async stop() {
      await current.stop('SIGTERM', 5000);
      await rm(dir, { recursive: true, force: true });
    },
    async restart() {
      await current.stop('SIGTERM', 5000);
      current = await launch();
    },
  };
}
