// A node:cluster primary for the tests: serves room sequences and the cluster adapter, forks
// one worker per NODE_ID given on argv (each running dist/main.js with ADAPTER=cluster), and
// prints one JSON line {"workers":[{"node","url"}]} once all of them listen. SIGTERM stops all.
//   node --import tsx cluster-primary.ts <node-id>...   (JWT_* taken from the environment)
import cluster, { type Worker } from 'node:cluster';
import { serveClusterSequences } from '../../src/index.js';
import { MAIN } from './nodes.js';

const ids = process.argv.slice(2);
serveClusterSequences();
cluster.setupPrimary({ exec: MAIN, args: ['--port', '0'], silent: true });

const workers: Worker[] = [];
const listening = ids.map(
  (id) =>
    new Promise<{ node: string; url: string }>((resolve, reject) => {
      const worker = cluster.fork({ ADAPTER: 'cluster', NODE_ID: id, LOG_LEVEL: 'info' });
      workers.push(worker);
      let buffer = '';
      worker.process.stdout?.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        for (const line of buffer.split('\n')) {
          if (line.includes('"msg":"listening"')) {
            const { node, url } = JSON.parse(line) as { node: string; url: string };
            resolve({ node, url });
          }
        }
      });
      worker.process.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
      worker.once('exit', (code) => reject(new Error(`worker ${id} exited ${code}`)));
    }),
);
process.stdout.write(`${JSON.stringify({ workers: await Promise.all(listening) })}\n`);

process.once('SIGTERM', () => {
  let left = workers.length;
  for (const worker of workers) {
    worker.once('exit', () => --left === 0 && process.exit(0));
    worker.process.kill('SIGTERM');
  }
  setTimeout(() => process.exit(1), 10_000).unref();
});
