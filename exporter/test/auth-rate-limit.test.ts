import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { FEED_NAMESPACE, type Exporter } from '../src/index.js';
import { createAuthLimiter } from '../src/http/auth-limiter.js';
import { startFakeInstrument, type FakeInstrument } from './support/fake-instrument.js';
import { getFrom } from './support/get-from.js';
import { API_TOKEN } from './support/http.js';
import { startExporter } from './support/running-exporter.js';

const TOKEN = 'target-token-0123456789';
let target: FakeInstrument | undefined;
let exporter: Exporter | undefined;

afterEach(async () => {
  await exporter?.close();
  await target?.close();
  exporter = undefined;
  target = undefined;
});

async function start(): Promise<Exporter> {
  target = await startFakeInstrument({ token: TOKEN });
  exporter = await startExporter(target.url, { token: TOKEN });
  return exporter;
}

/** The connect_error message of one `/feed` attempt, or 'connected'. */
function feedAttempt(url: string, token: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = io(`${url}${FEED_NAMESPACE}`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { token },
    });
    const done = (result: string): void => {
      clearTimeout(timer);
      socket.close();
      resolve(result);
    };
    const timer = setTimeout(() => done('timeout'), 10_000);
    socket.once('connect', () => done('connected'));
    socket.once('connect_error', (error) => done(error.message));
  });
}

describe('api token rate limit', () => {
  it('answers 429 with Retry-After after 5 wrong tokens from one address, even to the right token, while another address still gets 200', async () => {
    const { url } = await start();
    const status = `${url}/api/status`;
    const wrong = [];
    for (let i = 0; i < 10; i++) {
      wrong.push(await getFrom(status, '127.0.0.1', `wrong-${i}-${'z'.repeat(20)}`));
    }
    expect(wrong.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
    const limited = wrong[9];
    expect(JSON.parse(limited?.body ?? '')).toEqual({
      error: 'too many failed authentication attempts',
      parameter: 'authorization',
    });
    const retryAfter = Number(limited?.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    for (const r of wrong) expect(r.body).not.toMatch(/wrong-|zzzz/);

    // Blocked for every /api route, the right token included.
    for (const path of ['/api/status', '/api/sessions', '/api/disconnects', '/api/summary']) {
      expect((await getFrom(`${url}${path}`, '127.0.0.1', API_TOKEN)).status, path).toBe(429);
    }
    // Not the metrics and health routes.
    expect((await getFrom(`${url}/healthz`, '127.0.0.1', null)).status).toBe(200);

    // Another source address is not affected, and its success does not lift the block.
    expect((await getFrom(status, '127.0.0.2', API_TOKEN)).status).toBe(200);
    expect((await getFrom(status, '127.0.0.2', 'wrong-token-other')).status).toBe(401);
    expect((await getFrom(status, '127.0.0.1', API_TOKEN)).status).toBe(429);
  });

  it('refuses /feed with "rate limited" after repeated failures from one address', async () => {
    const { url } = await start();
    const results: string[] = [];
    for (let i = 0; i < 7; i++) results.push(await feedAttempt(url, `wrong-feed-${i}`));
    expect(results.slice(0, 5)).toEqual(Array(5).fill('invalid token'));
    expect(results.slice(5)).toEqual(['rate limited', 'rate limited']);
    expect(await feedAttempt(url, API_TOKEN)).toBe('rate limited');
    // The feed and the API share one count: the API refuses this address too.
    expect((await getFrom(`${url}/api/status`, '127.0.0.1', API_TOKEN)).status).toBe(429);
    expect((await getFrom(`${url}/api/status`, '127.0.0.2', API_TOKEN)).status).toBe(200);
  });

  it('the right token from a fresh address is never counted (negative control)', async () => {
    const { url } = await start();
    for (let i = 0; i < 10; i++) {
      expect((await getFrom(`${url}/api/status`, '127.0.0.1', API_TOKEN)).status).toBe(200);
    }
    expect(await feedAttempt(url, API_TOKEN)).toBe('connected');
  });
});

describe('auth limiter', () => {
  it('keeps at most maxAddresses entries under an address flood and expires old windows', () => {
    const limiter = createAuthLimiter({
      maxFailures: 2,
      windowMs: 1000,
      blockMs: 1000,
      maxAddresses: 100,
    });
    for (let i = 0; i < 10_000; i++) limiter.fail(`10.0.${i >> 8}.${i & 255}`, 0);
    expect(limiter.size()).toBeLessThanOrEqual(100);

    expect(limiter.fail('a', 0)).toBe(0);
    expect(limiter.fail('a', 10)).toBe(1000);
    expect(limiter.blockedFor('a', 500)).toBe(510);
    expect(limiter.blockedFor('b', 500)).toBe(0);
    expect(limiter.blockedFor('a', 1010)).toBe(0);
    // A new window after the block: one failure does not block again.
    expect(limiter.fail('a', 2000)).toBe(0);
    expect(limiter.blockedFor('a', 2001)).toBe(0);
  });
});
