import type { ApiError, Page, SessionRecord, SessionTimeline } from '@sockscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exporter } from '../src/index.js';
import {
  startFakeInstrument,
  sessionRecord,
  type FakeInstrument,
} from './support/fake-instrument.js';
import { API_TOKEN, getJson } from './support/http.js';
import { startExporter } from './support/running-exporter.js';
import { waitFor } from './support/wait-for.js';

const TARGET_TOKEN = 'target-token-0123456789';
const SESSIONS = 1500;
let target: FakeInstrument;
let exporter: Exporter;

beforeAll(async () => {
  target = await startFakeInstrument({ token: TARGET_TOKEN });
  // This file sends a dozen wrong tokens on purpose; the limit itself is tested in auth-rate-limit.test.ts.
  exporter = await startExporter(target.url, {
    token: TARGET_TOKEN,
    authRateLimit: { maxFailures: 1000 },
  });
  const events = Array.from({ length: SESSIONS }, (_, i) => ({
    ts: Date.now(),
    type: 'connect' as const,
    session: sessionRecord(`s${i}`, {
      user: `u${i % 100}`,
      rooms: i % 2 ? ['odd'] : [],
      transport: i % 3 ? 'websocket' : 'polling',
    }),
  }));
  target.emit(events);
  await waitFor(() => exporter.status().liveSessions === SESSIONS, { what: 'sessions applied' });
});

afterAll(async () => {
  await exporter?.close();
  await target?.close();
});

const api = (path: string, token: string | null = API_TOKEN) =>
  getJson<ApiError>(`${exporter.url}${path}`, token);

describe('API validation', () => {
  it('answers 401 JSON without the bearer token or with a wrong one, and never echoes tokens', async () => {
    for (const path of [
      '/api/status',
      '/api/sessions',
      '/api/sessions/s1',
      '/api/disconnects',
      '/api/summary',
      '/api/nothing',
    ]) {
      const none = await api(path, null);
      expect(none.status, path).toBe(401);
      expect(none.body.error).toMatch(/token/);
      const wrong = await api(path, `${API_TOKEN}x`);
      expect(wrong.status, path).toBe(401);
      expect(JSON.stringify(wrong.body)).not.toContain(API_TOKEN);
    }
    // Negative control: the right token passes.
    expect((await api('/api/status')).status).toBe(200);
  });

  it.each([
    ['/api/sessions?limit=abc', 'limit'],
    ['/api/sessions?limit=0', 'limit'],
    ['/api/sessions?limit=-5', 'limit'],
    ['/api/sessions?transport=carrier-pigeon', 'transport'],
    ['/api/sessions?cursor=%%%', 'cursor'],
    ['/api/sessions?cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ['/api/sessions?user=', 'user'],
    ['/api/sessions?bogus=1', 'bogus'],
    ['/api/sessions?limit=1&limit=2', 'limit'],
    ['/api/disconnects?from=yesterday', 'from'],
    ['/api/disconnects?to=not-a-time', 'to'],
    ['/api/disconnects?from=2000&to=1000', 'from'],
    ['/api/disconnects?cursor=WzEsMl0', 'cursor'],
    ['/api/disconnects?transport=ftp', 'transport'],
    ['/api/disconnects?clientVersion=' + 'x'.repeat(300), 'clientVersion'],
    ['/api/summary?from=nope', 'from'],
    ['/api/summary?reason=x', 'reason'],
    ['/api/status?x=1', 'x'],
  ])('%s → 400 naming %s', async (path, parameter) => {
    const res = await api(path);
    expect(res.status).toBe(400);
    expect(res.body.parameter).toBe(parameter);
    expect(typeof res.body.error).toBe('string');
  });

  it('caps a huge limit at 1000 and pages through everything with the cursor', async () => {
    const first = await getJson<Page<SessionRecord>>(`${exporter.url}/api/sessions?limit=99999999`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1000);
    expect(first.body.nextCursor).not.toBeNull();
    const seen = new Set(first.body.items.map((s) => s.id));
    let cursor = first.body.nextCursor;
    while (cursor) {
      const page = await getJson<Page<SessionRecord>>(
        `${exporter.url}/api/sessions?limit=300&cursor=${cursor}`,
      );
      for (const s of page.body.items) seen.add(s.id);
      cursor = page.body.nextCursor;
    }
    expect(seen.size).toBe(SESSIONS);
    const dflt = await getJson<Page<SessionRecord>>(`${exporter.url}/api/sessions`);
    expect(dflt.body.items).toHaveLength(100);
  });

  it('filters live sessions by user, transport and room', async () => {
    const byUser = await getJson<Page<SessionRecord>>(
      `${exporter.url}/api/sessions?user=u7&limit=1000`,
    );
    expect(byUser.body.items).toHaveLength(SESSIONS / 100);
    expect(byUser.body.items.every((s) => s.user === 'u7')).toBe(true);
    const polling = await getJson<Page<SessionRecord>>(
      `${exporter.url}/api/sessions?transport=polling&room=odd&limit=1000`,
    );
    expect(polling.body.items.length).toBe(250);
    expect(
      polling.body.items.every((s) => s.transport === 'polling' && s.rooms.includes('odd')),
    ).toBe(true);
  });

  it('answers the timeline of a live session, 404 for an unknown one, 404 JSON for unknown routes', async () => {
    const t = await getJson<SessionTimeline>(`${exporter.url}/api/sessions/s7`);
    expect(t.status).toBe(200);
    expect(t.body.session.id).toBe('s7');
    expect(t.body.events[0]?.type).toBe('connect');
    expect(t.body.chain.every((s) => s.user === 'u7' && s.id !== 's7')).toBe(true);
    expect(t.body.chain).toHaveLength(SESSIONS / 100 - 1);
    expect((await api('/api/sessions/nope')).status).toBe(404);
    const unknown = await api('/api/whatever');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('not found');
    expect((await getJson(`${exporter.url}/nothing`, null)).status).toBe(404);
  });

  it('never answers 500 to fuzzed query strings', async () => {
    const alphabet = [
      'limit',
      'cursor',
      'from',
      'to',
      'user',
      'reason',
      'transport',
      'room',
      'namespace',
      'clientVersion',
      '%',
      '%00',
      '=',
      '&',
      '[]',
      'é',
      '\u{1F600}',
      '-1',
      '1e309',
      'NaN',
      '9'.repeat(30),
      "'; DROP TABLE disconnects;--",
      '..%2F',
      '%ZZ',
      'WzEsMl0',
      'eyJ9',
    ];
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const routes = [
      '/api/sessions',
      '/api/disconnects',
      '/api/summary',
      '/api/status',
      '/api/sessions/%E0%A4%A',
      '/api/sessions/x',
    ];
    const statuses = new Set<number>();
    for (let i = 0; i < 400; i++) {
      const parts = Array.from(
        { length: 1 + rand(4) },
        () =>
          `${alphabet[rand(alphabet.length)]}=${alphabet[rand(alphabet.length)]}${alphabet[rand(alphabet.length)]}`,
      );
      const path = `${routes[rand(routes.length)]}?${parts.join('&')}`;
      const res = await fetch(`${exporter.url}${path}`, {
        headers: { authorization: `Bearer ${API_TOKEN}` },
      });
      statuses.add(res.status);
      expect(res.status, path).toBeLessThan(500);
      expect(res.headers.get('content-type'), path).toContain('application/json');
      await res.arrayBuffer();
    }
    expect(statuses.has(400)).toBe(true);
  });
});
