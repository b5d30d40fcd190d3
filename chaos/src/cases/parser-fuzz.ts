import { connect } from 'node:net';
import { startStack } from '@sockscope/testkit';
import { WebSocket } from 'ws';
import type { ChaosCase } from '../chaos-case.js';
import { createRandom, malformedFrame, malformedRequest, RAW_GARBAGE } from '../fuzz-corpus.js';
import { probe } from '../http-probe.js';

const SEED = 20261130;
const FRAMES = 52_000; // + 45,000 requests + 3,000 raw connections = 100,000
const FRAMES_PER_CONNECTION = 25;
const REQUESTS = { node: 15_000, exporter: 15_000, dashboard: 15_000 } as const;
const RAW_PER_TARGET = 1_000;

const alive = (pid: number | undefined): boolean => {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Sends `count` malformed frames over engine.io WebSockets, reopening the closed ones. */
async function fuzzFrames(url: string, count: number, random: () => number): Promise<number> {
  let sent = 0;
  const wsUrl = `${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const worker = async (): Promise<void> => {
    while (sent < count) {
      await new Promise<void>((resolve) => {
        const ws = new WebSocket(wsUrl);
        const finish = (): void => {
          ws.terminate();
          resolve();
        };
        ws.once('error', finish);
        ws.once('close', finish);
        ws.once('open', () => {
          for (let i = 0; i < FRAMES_PER_CONNECTION && sent < count; i++) {
            ws.send(malformedFrame(random));
            sent++;
          }
          // Let the server read them before the next connection.
          setTimeout(finish, 20);
        });
      });
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
  return sent;
}

/** Sends `count` malformed HTTP requests; returns how many were answered 5xx. */
async function fuzzRequests(url: string, count: number, random: () => number): Promise<number> {
  let sent = 0;
  let serverErrors = 0;
  const worker = async (): Promise<void> => {
    while (sent < count) {
      sent++;
      const request = malformedRequest(random);
      try {
        const res = await fetch(`${url}${request.path}`, {
          method: request.method,
          headers: request.headers,
          ...(request.body !== undefined && { body: request.body }),
          redirect: 'manual',
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer();
        if (res.status >= 500) serverErrors++;
      } catch {
        // a refused or reset request is an answer too; crashes are checked on the process
      }
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return serverErrors;
}

/** Writes raw non-HTTP bytes on fresh TCP connections. */
async function fuzzRaw(url: string, count: number, random: () => number): Promise<void> {
  const { hostname, port } = new URL(url);
  for (let i = 0; i < count; i += 20) {
    await Promise.all(
      Array.from(
        { length: 20 },
        () =>
          new Promise<void>((resolve) => {
            const socket = connect({ host: hostname, port: Number(port) }, () => {
              socket.end(RAW_GARBAGE[Math.floor(random() * RAW_GARBAGE.length)] ?? '');
            });
            socket.setTimeout(3000, () => socket.destroy());
            socket.on('data', () => undefined);
            socket.once('error', () => resolve());
            socket.once('close', () => resolve());
          }),
      ),
    );
  }
}

/** Case 8: 100,000 malformed frames and requests against the node, exporter and dashboard. */
export const parserFuzz: ChaosCase = {
  name: 'parser-fuzz',
  issueCase: 8,
  short: false,
  timeoutMs: () => 600_000,
  async run({ log }) {
    const stack = await startStack({ nodes: 1, env: { LOG_LEVEL: 'warn' } });
    try {
      const { nodes, exporters, dashboard } = stack.stackFile;
      const node = nodes[0];
      const exporter = exporters[0];
      if (!node || !exporter) throw new Error('stack without a node and an exporter');
      const random = createRandom(SEED);
      log(`${FRAMES} frames → ${node.id}`);
      const frames = await fuzzFrames(node.url, FRAMES, random);
      log('HTTP → node');
      const node5xx = await fuzzRequests(node.url, REQUESTS.node, random);
      log('HTTP → exporter');
      const exporter5xx = await fuzzRequests(exporter.url, REQUESTS.exporter, random);
      let dashboard5xx = 0;
      if (dashboard) {
        log('HTTP → dashboard');
        dashboard5xx = await fuzzRequests(dashboard.url, REQUESTS.dashboard, random);
      }
      const targets = [node.url, exporter.url, ...(dashboard ? [dashboard.url] : [])];
      for (const url of targets) await fuzzRaw(url, RAW_PER_TARGET, random);
      const total =
        frames +
        REQUESTS.node +
        REQUESTS.exporter +
        (dashboard ? REQUESTS.dashboard : 0) +
        RAW_PER_TARGET * targets.length;
      const nodeUp = alive(node.pid) && (await probe(`${node.url}/healthz`)).status === 200;
      const exporterUp =
        alive(exporter.pid) && (await probe(`${exporter.url}/healthz`)).status === 200;
      const dashboardUp =
        dashboard === null || (await probe(`${dashboard.url}/sign-in`)).status === 200;
      const crashes = [nodeUp, exporterUp, dashboardUp].filter((up) => !up).length;
      return {
        pass: crashes === 0 && dashboard !== null && total >= 100_000,
        numbers: {
          inputs: total,
          frames,
          'http+raw': total - frames,
          crashes,
          '5xx node/exporter/dashboard': `${node5xx}/${exporter5xx}/${dashboard5xx}`,
          seed: SEED,
        },
        ...(dashboard === null && { note: 'dashboard not built: build it first' }),
      };
    } finally {
      await stack.stop();
    }
  },
};
