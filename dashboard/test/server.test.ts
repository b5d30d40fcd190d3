/**
 * The real dashboard server (built Next.js app + custom server + live hub) against stand-in
 * exporters on real sockets: sign-in, refusal without a session, fan-out, live feed, partial
 * results, and no exporter token in anything the browser gets.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@sockscope/testkit';
import type { NodeView, SessionRow, SessionsDelta } from '../lib/live/protocol';
import {
  closed,
  connectEvent,
  disconnectEvent,
  session,
  startFakeExporter,
  type FakeExporter,
} from './support/fake-exporter';
import { signIn, startDashboard, type RunningDashboard } from './support/start-dashboard';

let a: FakeExporter;
let b: FakeExporter;
let dash: RunningDashboard;
const sockets: Socket[] = [];

beforeAll(async () => {
  [a, b] = await Promise.all([startFakeExporter('node-a'), startFakeExporter('node-b')]);
  a.sessions.set('s1', session('node-a', 's1', 'alice'));
  b.sessions.set('s2', session('node-b', 's2', 'bob'));
  b.disconnects.push(
    closed(
      session('node-b', 's0', 'bob', { connectedAt: Date.now() - 9000 }),
      'ping timeout',
      Date.now() - 1000,
    ),
  );
  dash = await startDashboard({
    SOCKSCOPE_EXPORTERS: JSON.stringify(
      [a, b].map((e) => ({ node: e.node, url: e.url, token: e.token })),
    ),
  });
});

afterAll(async () => {
  sockets.forEach((s) => s.close());
  await dash?.stop();
  await Promise.all([a?.close(), b?.close()]);
});

const PAGES = ['/', '/sessions', '/sessions/s1', '/disconnects', '/nodes', '/load-tests'];
const APIS = [
  '/api/nodes',
  '/api/disconnects/csv',
  '/api/overview/range?range=1h',
  '/api/anything',
];

function liveSocket(cookie?: string): Socket {
  const s = connect(dash.url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: cookie ? { cookie } : {},
  });
  sockets.push(s);
  return s;
}

describe('without a session', () => {
  it('redirects every page to sign-in and answers 401 JSON on every API', async () => {
    for (const path of PAGES) {
      const res = await fetch(`${dash.url}${path}`, { redirect: 'manual' });
      expect(res.status, path).toBe(307);
      expect(new URL(res.headers.get('location')!, dash.url).pathname, path).toBe('/sign-in');
    }
    for (const path of APIS) {
      const res = await fetch(`${dash.url}${path}`, { redirect: 'manual' });
      expect(res.status, path).toBe(401);
      expect(await res.json()).toEqual({ error: 'sign in first' });
    }
    const forged = 'sockscope_session=AAAAAAAAAAAAAAAAAAAAAAAA.99999999999999.forged';
    expect((await fetch(`${dash.url}/api/nodes`, { headers: { cookie: forged } })).status).toBe(
      401,
    );
  });

  it('refuses the live feed', async () => {
    const s = liveSocket('sockscope_session=nope');
    const error = await new Promise<Error>((resolve) => s.once('connect_error', resolve));
    expect(error).toBeInstanceOf(Error);
    expect(s.connected).toBe(false);
  });

  it('refuses a wrong token', async () => {
    const res = await fetch(`${dash.url}/sign-in?token=wrong`, { redirect: 'manual' });
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('location')).toContain('error=invalid');
    const form = await fetch(`${dash.url}/api/auth/sign-in`, {
      method: 'POST',
      body: new URLSearchParams({ token: 'wrong' }),
      redirect: 'manual',
    });
    expect(form.headers.get('set-cookie')).toBeNull();
  });
});

describe('signed in', () => {
  let cookie: string;
  beforeAll(async () => {
    cookie = await signIn(dash.url, dash.token);
  });

  it('sets an httpOnly SameSite=Strict cookie that does not hold the token', async () => {
    const res = await fetch(`${dash.url}/sign-in?token=${dash.token}&next=/nodes`, {
      redirect: 'manual',
    });
    const set = res.headers.get('set-cookie')!;
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Strict/i);
    expect(set).not.toContain(dash.token);
    expect(new URL(res.headers.get('location')!, dash.url).pathname).toBe('/nodes');
    const form = await fetch(`${dash.url}/api/auth/sign-in`, {
      method: 'POST',
      body: new URLSearchParams({ token: dash.token }),
      redirect: 'manual',
    });
    expect(form.status).toBe(303);
    expect(form.headers.get('set-cookie')).toMatch(/sockscope_session=/);
  });

  it('serves every page and never leaks an exporter token', async () => {
    await waitFor(
      async () => {
        const body = (await (
          await fetch(`${dash.url}/api/nodes`, { headers: { cookie } })
        ).json()) as { nodes: NodeView[] };
        return body.nodes.length === 2 && body.nodes.every((n) => n.available);
      },
      { timeoutMs: 20_000, message: 'both nodes available' },
    );
    for (const path of [...PAGES, '/api/nodes', '/api/disconnects/csv?range=1h']) {
      const res = await fetch(`${dash.url}${path}`, { headers: { cookie } });
      expect(res.status, path).toBe(200);
      const text = await res.text();
      expect(text, path).not.toContain(a.token);
      expect(text, path).not.toContain(b.token);
    }
  });

  it('exports CSV and names a bad parameter', async () => {
    const csv = await (
      await fetch(`${dash.url}/api/disconnects/csv?range=1h&user=bob`, { headers: { cookie } })
    ).text();
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(csv).toContain('ping timeout');
    const bad = await fetch(`${dash.url}/api/disconnects/csv?from=yesterday`, {
      headers: { cookie },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ parameter: 'from' });
  });

  it('streams live sessions from every exporter and applies feed events', async () => {
    const s = liveSocket(cookie);
    const rows = new Map<string, SessionRow>();
    s.on('sessions:snapshot', (snap: SessionRow[]) => snap.forEach((r) => rows.set(r[0], r)));
    s.on('sessions:delta', (d: SessionsDelta) => {
      d.add.forEach((r) => rows.set(r[0], r));
      d.remove.forEach((k) => rows.delete(k));
    });
    s.emit('subscribe', 'sessions');
    await waitFor(() => rows.size === 2, { timeoutMs: 10_000, message: 'the snapshot' });
    const fresh = session('node-a', 's3', 'carol');
    a.emit([connectEvent(fresh)]);
    await waitFor(() => [...rows.values()].some((r) => r[1] === 's3' && r[3] === 'carol'), {
      timeoutMs: 10_000,
      message: 'the new session',
    });
    a.emit([disconnectEvent(fresh, 'client namespace disconnect')]);
    await waitFor(() => ![...rows.values()].some((r) => r[1] === 's3'), {
      timeoutMs: 10_000,
      message: 'the removal',
    });
  });

  it('names an unreachable exporter while the other stays live', async () => {
    const s = liveSocket(cookie);
    let nodes: NodeView[] = [];
    s.on('nodes', (n: NodeView[]) => (nodes = n));
    await b.close();
    await waitFor(() => nodes.find((n) => n.node === 'node-b')?.state === 'unavailable', {
      timeoutMs: 15_000,
      message: 'node-b unavailable',
    });
    expect(nodes.find((n) => n.node === 'node-a')?.available).toBe(true);
    a.emit([connectEvent(session('node-a', 's4', 'dave'))]);
    await waitFor(() => nodes.find((n) => n.node === 'node-a')?.connected === 2, {
      timeoutMs: 10_000,
      message: 'node-a still updating',
    });
    const page = await (
      await fetch(`${dash.url}/disconnects?range=1h`, { headers: { cookie } })
    ).text();
    expect(page).toContain('Partial results');
    expect(page).toContain('node-b');
  });
});
