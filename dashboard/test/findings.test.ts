/**
 * The Disconnects page's findings (lib/findings.ts) against a real exporter watching a real
 * instrumented Socket.IO server whose application code kicks its users in a loop: the
 * server-kicks finding ranks first with the exact numbers; a window before the kicks has none;
 * an exporter that does not answer marks the findings partial instead of failing them.
 */
import { waitFor } from '@sockscope/testkit';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExporterClient } from '../lib/exporters/exporter-client';
import { queryFindings } from '../lib/findings';
import { startInstrumentedNode, type InstrumentedNode } from './support/instrumented-node';

let node: InstrumentedNode;
const run = Date.now().toString(36);
const users = [`kicked-a-${run}`, `kicked-b-${run}`];
const KICKS_PER_USER = 3;

beforeAll(async () => {
  node = await startInstrumentedNode('node-k');
  // The kick loop: application code that disconnects every socket of these users at once.
  node.io.on('connection', (socket) => {
    const user = (socket.data as { userId?: string }).userId;
    if (user && users.includes(user)) setTimeout(() => socket.disconnect(true), 20);
  });
});
afterAll(async () => {
  await node?.close();
});

/** One session of `user`, kicked by the server: resolves on the client's disconnect. */
function kickedSession(user: string): Promise<string> {
  const s = connect(node.url, {
    forceNew: true,
    transports: ['websocket'],
    reconnection: false,
    auth: { user },
  });
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${user} was not kicked`)), 10_000);
    s.once('connect_error', reject);
    s.once('disconnect', (reason) => {
      clearTimeout(t);
      s.close();
      resolve(reason);
    });
  });
}

const target = () => ({ node: node.node, url: node.exporter.url, token: node.exporter.token });

describe('findings from real exporters', () => {
  it('ranks the server-side kick loop first, with its sessions, users and node', async () => {
    const from = Date.now() - 1000;
    const reasons: string[] = [];
    for (let i = 0; i < KICKS_PER_USER; i++) {
      reasons.push(...(await Promise.all(users.map((u) => kickedSession(u)))));
    }
    expect(reasons.every((r) => r === 'io server disconnect')).toBe(true);
    const exporter = createExporterClient({ target: target(), timeoutMs: 3000 });
    await waitFor(
      async () =>
        (await exporter.disconnects({ from, to: Date.now() + 1000, limit: 100 })).items.length ===
        users.length * KICKS_PER_USER,
      { timeoutMs: 20_000, message: 'every kick recorded by the exporter' },
    );

    const result = await queryFindings([target()], { from, to: Date.now() + 1000 });
    expect(result.error).toBeNull();
    expect(result.missing).toEqual([]);
    const first = result.findings[0];
    expect(first?.id, JSON.stringify(result.findings)).toBe('server-kicks');
    expect(first?.severity).not.toBe('info');
    expect(first?.impact).toEqual({
      sessions: users.length * KICKS_PER_USER,
      users: users.length,
      nodes: 1,
    });
    expect(first?.evidence.some((e) => e.link?.startsWith('/disconnects?'))).toBe(true);
    expect(first?.fix.length).toBeGreaterThan(10);

    // Negative control: the window before the kicks holds no finding.
    const before = await queryFindings([target()], { from: from - 60_000, to: from - 30_000 });
    expect(before.findings.filter((f) => f.id === 'server-kicks')).toEqual([]);
  });

  it('marks the findings partial when an exporter does not answer, and still ranks the rest', async () => {
    const gone = {
      node: 'node-gone',
      url: 'http://127.0.0.1:9',
      token: 'api-token-gone-0123456789',
    };
    const result = await queryFindings([target(), gone], {
      from: Date.now() - 60_000,
      to: Date.now() + 1000,
      timeoutMs: 2000,
    });
    expect(result.missing).toEqual(['node-gone']);
    expect(result.findings[0]?.id).toBe('server-kicks');
    expect(result.findings.some((f) => f.id === 'incomplete-data')).toBe(true);
    expect(JSON.stringify(result)).not.toContain(gone.token);
    expect(JSON.stringify(result)).not.toContain(node.exporter.token);
  });

  it('has nothing to say without exporters', async () => {
    expect(await queryFindings([], { from: 0, to: 1 })).toEqual({
      from: 0,
      to: 1,
      findings: [],
      missing: [],
      error: null,
    });
  });
});
