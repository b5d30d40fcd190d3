/**
 * A real Socket.IO server with `instrument(io)` and a real exporter process beside it, for
 * tests of the dashboard's data layer against the true contract. `auth.user` is the user id.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { instrument } from '@sockscope/instrument';
import { Server } from 'socket.io';

const INSTRUMENT_TOKEN = 'instrument-token-for-tests-0123';
const exporterMain = fileURLToPath(new URL('../../../exporter/dist/main.js', import.meta.url));

export interface InstrumentedNode {
  node: string;
  url: string;
  io: Server;
  exporter: { url: string; token: string; process: ChildProcess };
  close(): Promise<void>;
}

export async function startInstrumentedNode(node: string): Promise<InstrumentedNode> {
  const http = createServer();
  const io = new Server(http, { pingInterval: 1000, pingTimeout: 1000 });
  const handle = instrument(io, { token: INSTRUMENT_TOKEN, node, batchIntervalMs: 250 });
  io.use((socket, next) => {
    const user = (socket.handshake.auth as { user?: unknown }).user;
    if (typeof user === 'string') (socket.data as { userId?: string }).userId = user;
    next();
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const token = `api-token-${node}-0123456789`;
  const child = spawn(
    process.execPath,
    [
      exporterMain,
      '--target',
      url,
      '--token',
      INSTRUMENT_TOKEN,
      '--api-token',
      token,
      '--listen',
      '127.0.0.1:0',
      '--store',
      ':memory:',
      '--node',
      node,
    ],
    { env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const exporterUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `exporter did not start (is it built? npx turbo run build --filter=@sockscope/exporter): ${stderr.join('')}`,
          ),
        ),
      30_000,
    );
    child.once('exit', (code) =>
      reject(new Error(`exporter exited (${code}): ${stderr.join('')}`)),
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { msg?: string; url?: string };
        if (msg.msg === 'listening' && msg.url) {
          clearTimeout(timer);
          resolve(msg.url);
        }
      } catch {
        // not JSON
      }
    });
  });
  return {
    node,
    url,
    io,
    exporter: { url: exporterUrl, token, process: child },
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      await new Promise<void>((r) => io.close(() => r()));
      handle.close();
    },
  };
}
