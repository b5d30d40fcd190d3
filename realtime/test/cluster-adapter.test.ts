import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { client, closeClients, connected } from './support/clients.js';
import { AUDIENCE, ISSUER, SECRET, hs256Token } from './support/tokens.js';
import { waitFor } from './support/wait-for.js';

const PRIMARY = fileURLToPath(new URL('./support/cluster-primary.ts', import.meta.url));
const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  closeClients();
  await Promise.all(stops.map((stop) => stop()));
});

describe('ADAPTER=cluster (node:cluster workers)', () => {
  it('gives each worker its own port and sid prefix, delivers across workers, one seq per room', async () => {
    const primary = spawn(process.execPath, ['--import', 'tsx', PRIMARY, 'w-a', 'w-b'], {
      env: { ...process.env, JWT_SECRET: SECRET, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => primary.once('exit', resolve));
    stops.push(async () => {
      if (primary.exitCode === null) primary.kill('SIGTERM');
      await exited;
    });
    const { workers } = await new Promise<{ workers: { node: string; url: string }[] }>(
      (resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('cluster did not start')), 20_000);
        createInterface({ input: primary.stdout }).once('line', (line) => {
          clearTimeout(timer);
          resolve(JSON.parse(line) as { workers: { node: string; url: string }[] });
        });
      },
    );
    const [a, b] = workers;
    expect(new Set(workers.map((w) => w.url)).size).toBe(2);
    if (!a || !b) throw new Error('two workers expected');

    const publisher = await connected(
      client(a.url, await hs256Token({ sub: 'pub' }), { transports: ['polling'] }),
    );
    const subscriber = await connected(client(b.url, await hs256Token({ sub: 'sub' })));
    expect(publisher.io.engine.id.startsWith('w-a.')).toBe(true);
    expect(subscriber.io.engine.id.startsWith('w-b.')).toBe(true);
    expect(await subscriber.emitWithAck('room:join', { room: 'x' })).toEqual({ ok: true });
    const seqs: number[] = [];
    subscriber.on('room:message', (message) => seqs.push(message.seq));

    const fromA = await publisher.emitWithAck('room:publish', { room: 'x', payload: 1 });
    const fromB = await subscriber.emitWithAck('room:publish', { room: 'x', payload: 2 });
    expect(fromA).toMatchObject({ ok: true, seq: 1 });
    expect(fromB).toMatchObject({ ok: true, seq: 2 }); // one counter for both workers
    await waitFor(() => seqs.length === 2, { what: 'both messages on worker b' });
    expect(seqs).toEqual([1, 2]);
  }, 60_000);
});
