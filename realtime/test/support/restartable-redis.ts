import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { waitFor } from './wait-for.js';

/** A throwaway redis-server without persistence that can be paused and restarted empty. */
export interface RestartableRedis {
  url: string;
  /** Stops redis-server (SIGTERM) and waits for its exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port, with no data (persistence is off). */
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT: the TCP connection stays up but nothing is answered. */
  pause(): void;
  resume(): void;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

const answersPing = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
  });

export async function startRestartableRedis(): Promise<RestartableRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const spawned = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    child = spawned;
    let missing: Error | undefined;
    spawned.once('error', (error: NodeJS.ErrnoException) => {
      missing =
        error.code === 'ENOENT'
          ? new Error('this test needs the `redis-server` binary: apt-get install -y redis-server')
          : error;
    });
    await waitFor(
      async () => {
        if (missing) throw missing;
        return answersPing(port);
      },
      { timeoutMs: 15_000, what: `redis-server on ${port}` },
    );
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    stop: () =>
      new Promise((resolve) => {
        const current = child;
        if (!current || current.exitCode !== null || current.signalCode !== null) return resolve();
        current.once('exit', () => resolve());
        current.kill('SIGCONT');
        current.kill('SIGTERM');
      }),
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
  };
}
