import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import {
  renderHaproxyConfig,
  requireBinary,
  startHaproxy,
  startPrometheus,
  startRedis,
  stopAll,
  waitFor,
} from '../src/index.js';

afterAll(() => stopAll());

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

async function echoServer(id: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(req.url === '/readyz' ? 'ready' : id);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  return { server, url: `http://127.0.0.1:${address.port}` };
}

describe('startRedis', () => {
  it('runs a real redis-server that answers, restarts and stops', { timeout: 30_000 }, async () => {
    const redis = await startRedis();
    const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
    expect(await client.set('k', 'v')).toBe('OK');
    expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
    client.disconnect();
    await redis.restart();
    const again = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    expect(await again.get('k')).toBeNull();
    again.disconnect();
    await redis.stop();
    expect(await portOpen(redis.port)).toBe(false);
  });
});

describe('startPrometheus', () => {
  it(
    'runs a real prometheus that scrapes, answers queries and stops',
    { timeout: 60_000 },
    async () => {
      const target = await echoServer('unused');
      const prometheus = await startPrometheus({
        config: {
          global: { scrape_interval: '200ms', scrape_timeout: '200ms' },
          scrape_configs: [
            { job_name: 'echo', static_configs: [{ targets: [new URL(target.url).host] }] },
          ],
        },
      });
      try {
        // The echo server answers text that is no metrics page: scraped, but down.
        const up = await waitFor(async () => (await prometheus.query('up{job="echo"}'))[0], {
          timeoutMs: 20_000,
          message: 'a scrape of the echo server',
        });
        expect(up.value[1]).toBe('0');
        expect(await prometheus.alerts()).toEqual([]);
        await expect(prometheus.query('up{')).rejects.toThrow(/prometheus \/api\/v1\/query/);
      } finally {
        await prometheus.stop();
        target.server.close();
      }
      expect(await portOpen(Number(new URL(prometheus.url).port))).toBe(false);
    },
  );

  it(
    'waits for its targets to be up when asked, and gives up on a target that never is',
    { timeout: 60_000 },
    async () => {
      const metrics = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end('# TYPE sample gauge\nsample 1\n');
      });
      await new Promise<void>((resolve) => metrics.listen(0, '127.0.0.1', resolve));
      const notMetrics = await echoServer('not a metrics page');
      const scraping = (target: string) => ({
        global: { scrape_interval: '200ms', scrape_timeout: '200ms' },
        scrape_configs: [{ job_name: 'one', static_configs: [{ targets: [target] }] }],
      });
      try {
        const address = metrics.address() as { port: number };
        const prometheus = await startPrometheus({
          config: scraping(`127.0.0.1:${address.port}`),
          targetsUp: 1,
        });
        // Resolved only once the scrape succeeded: the sample is there at once.
        expect((await prometheus.query('sample'))[0]?.value[1]).toBe('1');
        await prometheus.stop();
        await expect(
          startPrometheus({
            config: scraping(new URL(notMetrics.url).host),
            targetsUp: 1,
            startTimeoutMs: 4000,
          }),
        ).rejects.toThrow(/waiting for prometheus scraping 1 target/);
      } finally {
        metrics.close();
        notMetrics.server.close();
      }
    },
  );

  it('says why when prometheus refuses its config', { timeout: 30_000 }, async () => {
    await expect(startPrometheus({ config: 'global: [not, a, map]' })).rejects.toThrow(
      /prometheus exited:[\s\S]*config/i,
    );
  });
});

describe('startHaproxy', () => {
  const backends = [
    { id: 'node-a', url: 'http://127.0.0.1:4001' },
    { id: 'node-b', url: 'http://127.0.0.1:4002' },
  ];

  it('generates configs that haproxy itself accepts', () => {
    const haproxy = requireBinary('haproxy', 'haproxy');
    const dir = mkdtempSync(join(tmpdir(), 'testkit-haproxy-'));
    for (const sticky of [true, false]) {
      for (const mode of ['http', 'tcp'] as const) {
        const path = join(dir, `${sticky}-${mode}.cfg`);
        writeFileSync(path, renderHaproxyConfig({ backends, sticky, mode, port: 4000 }));
        expect(() =>
          execFileSync(haproxy, ['-c', '-q', '-f', path], { stdio: 'pipe' }),
        ).not.toThrow();
      }
    }
    expect(renderHaproxyConfig({ backends, sticky: true, port: 4000 })).toContain(
      'acl sid_1 urlp(sid) -m beg node-b.',
    );
    expect(renderHaproxyConfig({ backends, sticky: false, port: 4000 })).not.toContain(
      'use-server',
    );
  });

  it('shortens every idle timeout to idleTimeout, in a config haproxy accepts', () => {
    const haproxy = requireBinary('haproxy', 'haproxy');
    const path = join(mkdtempSync(join(tmpdir(), 'testkit-haproxy-')), 'idle.cfg');
    const config = renderHaproxyConfig({ backends, sticky: true, port: 4000, idleTimeout: '5s' });
    writeFileSync(path, config);
    expect(() => execFileSync(haproxy, ['-c', '-q', '-f', path], { stdio: 'pipe' })).not.toThrow();
    for (const name of ['client', 'server', 'tunnel', 'http-keep-alive'])
      expect(config).toContain(`timeout ${name} 5s\n`);
    expect(renderHaproxyConfig({ backends, sticky: true, port: 4000 })).toContain(
      'timeout tunnel 1h',
    );
    expect(() =>
      renderHaproxyConfig({ backends, sticky: true, port: 1, idleTimeout: '5s\n  bad' }),
    ).toThrow(/bad idleTimeout/);
  });

  it('refuses a backend id that could inject configuration', () => {
    expect(() =>
      renderHaproxyConfig({
        backends: [{ id: 'a\n  bad', url: 'http://127.0.0.1:1' }],
        sticky: true,
        port: 1,
      }),
    ).toThrow(/bad backend id/);
  });

  it('routes by sid prefix when sticky, round-robin when not', { timeout: 30_000 }, async () => {
    const a = await echoServer('node-a');
    const b = await echoServer('node-b');
    const live = [
      { id: 'node-a', url: a.url },
      { id: 'node-b', url: b.url },
    ];
    const fetchAll = async (url: string): Promise<string[]> => {
      const bodies: string[] = [];
      for (let i = 0; i < 6; i += 1) bodies.push(await (await fetch(url)).text());
      return bodies;
    };
    const sticky = await startHaproxy({ backends: live, sticky: true });
    expect(
      new Set(await fetchAll(`${sticky.url}/socket.io/?EIO=4&transport=polling&sid=node-b.xyz`)),
    ).toEqual(new Set(['node-b']));
    expect(new Set(await fetchAll(`${sticky.url}/socket.io/?EIO=4&transport=polling`))).toEqual(
      new Set(['node-a', 'node-b']),
    );
    expect(sticky.stats()).toEqual({
      byStatus: { 200: 12 },
      withSid: 6,
      misrouted: 0,
      misroutedSessionIdUnknown: 0,
    });
    await sticky.stop();

    const plain = await startHaproxy({ backends: live, sticky: false });
    expect(
      new Set(await fetchAll(`${plain.url}/socket.io/?EIO=4&transport=polling&sid=node-b.xyz`)),
    ).toEqual(new Set(['node-a', 'node-b']));
    expect(plain.stats()).toMatchObject({ withSid: 6, misrouted: 3 });
    await plain.stop();
    expect(await portOpen(plain.port)).toBe(false);
    a.server.close();
    b.server.close();
  });
});
