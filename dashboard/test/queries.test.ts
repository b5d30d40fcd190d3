import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExporterClient } from '../lib/exporters/exporter-client';
import { fanOut } from '../lib/exporters/fan-out';
import { parseDisconnectFilters } from '../lib/queries/disconnect-filters';
import { breakdowns, queryDisconnects } from '../lib/queries/disconnects';
import { findReconnect, querySessionStory } from '../lib/queries/session-timeline';
import { closed, session, startFakeExporter, type FakeExporter } from './support/fake-exporter';

let a: FakeExporter;
let b: FakeExporter;
const now = Date.now();

beforeAll(async () => {
  [a, b] = await Promise.all([startFakeExporter('node-a'), startFakeExporter('node-b')]);
  for (let i = 0; i < 700; i += 1)
    a.disconnects.push(
      closed(
        session('node-a', `a${i}`, 'u1', { connectedAt: now - 60_000 }),
        'transport close',
        now - 1000 - i,
      ),
    );
  for (let i = 0; i < 5; i += 1)
    b.disconnects.push(
      closed(
        session('node-b', `b${i}`, 'u1', { connectedAt: now - 2000 }),
        'ping timeout',
        now - 500 - i,
      ),
    );
  b.disconnects.push(closed(session('node-b', 'other', 'u2'), 'ping timeout', now - 100));
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
});

const clientsFor = (...list: { node: string; url: string; token: string }[]) =>
  list.map((target) => createExporterClient({ target, timeoutMs: 1500 }));

describe('fan-out over exporters', () => {
  it('merges every exporter newest first, following cursors', async () => {
    const f = parseDisconnectFilters({ user: 'u1', range: '1h' }, now + 1);
    if (!f.ok) throw new Error('filters');
    const result = await queryDisconnects(clientsFor(a, b), f.value);
    expect(result.partial).toBe(false);
    expect(result.items).toHaveLength(705);
    expect(result.items[0]!.node).toBe('node-b');
    expect(
      result.items.every(
        (r, i) => i === 0 || result.items[i - 1]!.disconnectedAt >= r.disconnectedAt,
      ),
    ).toBe(true);
    expect(a.requests.some((q) => q.includes('cursor=500'))).toBe(true);
    const bd = breakdowns(result.items, f.value.from, f.value.to);
    expect(bd.byReason).toEqual({ 'transport close': 700, 'ping timeout': 5 });
    expect(bd.byNode).toEqual({ 'node-a': 700, 'node-b': 5 });
    expect(
      bd.overTime.reduce(
        (s, t) =>
          s +
          Object.entries(t)
            .filter(([k]) => k !== 't')
            .reduce((x, [, v]) => x + v, 0),
        0,
      ),
    ).toBe(705);
  });

  it('names a missing exporter and keeps the others', async () => {
    const dead = { node: 'node-dead', url: 'http://127.0.0.1:9', token: 'x' };
    const f = parseDisconnectFilters({ user: 'u1' }, now + 1);
    if (!f.ok) throw new Error('filters');
    const result = await queryDisconnects(clientsFor(b, dead), f.value);
    expect(result.partial).toBe(true);
    expect(result.missing).toEqual(['node-dead']);
    expect(result.items).toHaveLength(5);
  });

  it('treats a wrong token as a missing node, and never puts the token in the error', async () => {
    const wrong = { node: 'node-a', url: a.url, token: 'wrong-token-value' };
    const out = await fanOut(clientsFor(wrong), (c) => c.status());
    expect(out.missing).toEqual(['node-a']);
    await expect(clientsFor(wrong)[0]!.status()).rejects.toThrow(/answered 401/);
    await expect(clientsFor(wrong)[0]!.status()).rejects.not.toThrow(/wrong-token-value/);
  });

  it('validates filters and names the wrong parameter', () => {
    expect(parseDisconnectFilters({ from: 'yesterday' })).toMatchObject({
      ok: false,
      parameter: 'from',
    });
    expect(parseDisconnectFilters({ transport: 'carrier-pigeon' })).toMatchObject({
      ok: false,
      parameter: 'transport',
    });
    expect(parseDisconnectFilters({ from: '10', to: '5' })).toMatchObject({
      ok: false,
      parameter: 'from',
    });
    expect(parseDisconnectFilters({ range: '15m' }, 1_000_000)).toMatchObject({
      ok: true,
      value: { from: 100_000, to: 1_000_000 },
    });
  });
});

describe('session story', () => {
  it('finds the session on whichever node has it and links the reconnect', async () => {
    const first = closed(
      session('node-a', 'first', 'u9', { connectedAt: now - 10_000 }),
      'transport close',
      now - 5000,
    );
    const second = session('node-b', 'second', 'u9', {
      connectedAt: now - 4000,
      recovered: true,
      lastDisconnect: {
        reason: 'transport close',
        at: now - 5000,
        previousId: 'first',
        gapMs: 1000,
      },
    });
    a.disconnects.push(first);
    b.sessions.set('second', second);
    const story = await querySessionStory(clientsFor(a, b), 'first');
    expect(story?.session.node).toBe('node-a');
    expect(story?.chain.map((s) => s.id)).toEqual(['second', 'first']);
    expect(story?.reconnect).toMatchObject({
      afterMs: 1000,
      recovered: true,
      clientReason: 'transport close',
    });
    expect(story?.reconnect?.session.node).toBe('node-b');
    expect(await querySessionStory(clientsFor(a, b), 'nope')).toBeNull();
    expect(findReconnect(second, [second])).toBeNull();
  });
});
