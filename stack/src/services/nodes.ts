import cluster, { type Worker } from 'node:cluster';
import { createInterface } from 'node:readline';
import { serveClusterSequences } from '@sockscope/realtime';
import { freePort } from '../free-port.js';
import { instrumentTokenOf } from '../instrument-token.js';
import { realtimeMainPath } from '../realtime-main.js';
import type { RunningService, StackContext, StackNode, StackService } from '../stack-context.js';

/** Bound for a node to log "listening" and answer /readyz. */
const START_TIMEOUT_MS = 30_000;
/** The nodes' drain bound (their DRAIN_TIMEOUT_MS); the stack kills a node that takes longer. */
const DRAIN_TIMEOUT_MS = 10_000;

interface ListeningLine {
  msg?: string;
  url?: string;
}

function waitForListening(
  worker: Worker,
  id: string,
  forward: (line: string) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const recent: string[] = [];
    const timer = setTimeout(
      () => fail(new Error(`${id} did not start within ${START_TIMEOUT_MS}ms`)),
      START_TIMEOUT_MS,
    );
    const onExit = (code: number | null): void =>
      fail(new Error(`${id} exited (code ${code}) while starting`));
    function fail(error: Error): void {
      clearTimeout(timer);
      worker.off('exit', onExit);
      reject(new Error(`${error.message}\n${recent.join('\n')}`));
    }
    worker.once('exit', onExit);
    for (const stream of [worker.process.stdout, worker.process.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        forward(line);
        recent.push(line);
        if (recent.length > 20) recent.shift();
        if (!line.includes('"listening"')) return;
        try {
          const parsed = JSON.parse(line) as ListeningLine;
          if (parsed.msg === 'listening' && parsed.url) {
            clearTimeout(timer);
            worker.off('exit', onExit);
            resolve(parsed.url);
          }
        } catch {
          // not a log line
        }
      });
    }
  });
}

async function waitForReady(url: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const ok = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) })
      .then((res) => res.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url}/readyz did not answer 200 within ${START_TIMEOUT_MS}ms`);
}

/**
 * N realtime nodes as node:cluster workers of the stack process, each on its own port: the
 * primary relays the cluster adapter and serves room sequences (serveClusterSequences), or
 * the nodes use the Redis Streams adapter when REDIS_URL is set.
 */
export const nodesService: StackService = {
  name: 'nodes',
  async start(context: StackContext): Promise<RunningService> {
    const { options, logger, jwt } = context;
    const adapter = options.redisUrl ? 'redis' : 'cluster';
    // Each worker accepts on its own port itself instead of through the primary.
    cluster.schedulingPolicy = cluster.SCHED_NONE;
    cluster.setupPrimary({ exec: realtimeMainPath(), args: [], silent: true });
    const stopSequences = adapter === 'cluster' ? serveClusterSequences() : undefined;
    const workers = new Map<StackNode, Worker>();
    let stopping = false;
    const forward = (line: string): void => {
      process.stdout.write(`${line}\n`);
    };

    const startNode = async (index: number): Promise<void> => {
      const id = `node-${index + 1}`;
      // node:cluster workers listening on port 0 would all share one port: pick real ones.
      const port = options.port === 0 ? await freePort(options.host) : options.port + 1 + index;
      const worker = cluster.fork({
        NODE_ID: id,
        HOST: options.host,
        PORT: String(port),
        ADAPTER: adapter,
        REDIS_URL: options.redisUrl,
        JWT_SECRET: jwt.secret,
        JWT_PUBLIC_KEY: undefined,
        JWT_JWKS_URL: undefined,
        JWT_ALGORITHMS: jwt.alg,
        JWT_ISSUER: jwt.issuer,
        JWT_AUDIENCE: jwt.audience,
        DRAIN_TIMEOUT_MS: String(DRAIN_TIMEOUT_MS),
        // instrument(io) for the exporters service's sidecars.
        INSTRUMENT_TOKEN: instrumentTokenOf(context),
        LOG_LEVEL: options.logLevel,
      });
      const node: StackNode = {
        id,
        url: '',
        port,
        pid: worker.process.pid ?? 0,
        ready: false,
        exited: false,
      };
      workers.set(node, worker);
      worker.on('exit', (code, signal) => {
        node.exited = true;
        node.ready = false;
        if (!stopping)
          logger.warn(
            { node: id, code, signal },
            'node exited; the stack keeps running without it',
          );
      });
      node.url = await waitForListening(worker, id, forward);
      await waitForReady(node.url);
      node.ready = true;
      context.nodes.push(node);
    };

    const stop = async (): Promise<void> => {
      stopping = true;
      await Promise.all(
        [...workers].map(async ([node, worker]) => {
          if (node.exited) return;
          const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
          // A signal, not worker.kill(): that would cut the IPC channel before the node drains.
          worker.process.kill('SIGTERM');
          const timer = setTimeout(() => worker.process.kill('SIGKILL'), DRAIN_TIMEOUT_MS + 5000);
          await exited;
          clearTimeout(timer);
        }),
      );
      stopSequences?.();
    };

    try {
      await Promise.all(Array.from({ length: options.nodes }, (_, index) => startNode(index)));
    } catch (error) {
      await stop();
      throw error;
    }
    context.nodes.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
    context.file.nodes = context.nodes.map(({ id, url, pid }) => ({ id, url, pid }));
    logger.info({ nodes: context.nodes.length, adapter }, 'nodes ready');
    return {
      urls: context.nodes.map((node) => ({ label: node.id, url: node.url })),
      stop,
    };
  },
};
