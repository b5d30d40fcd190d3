/**
 * The dashboard's data layer against real exporter processes watching real instrumented
 * Socket.IO servers: disconnect reasons across nodes, the session story with the client's
 * reason and the reconnect, and partial results when one exporter is gone.
 */
import { waitFor } from '@sockscope/testkit';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExporterClient } from '../lib/exporters/exporter-client';
import { parseDisconnectFilters } from '../lib/queries/disconnect-filters';
import { breakdowns, queryDisconnects } from '../lib/queries/disconnects';
import { querySessionStory } from '../lib/queries/session-timeline';
import { startInstrumentedNode, type InstrumentedNode } from './support/instrumented-node';

let nodes: InstrumentedNode[] = [];
const sockets: Socket[] = [];
const user = `u-${Date.now().toString(36)}`;

beforeAll(async () => {
  nodes = await Promise.all([startInstrumentedNode('node-a'), startInstrumentedNode('node-b')]);
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await Promise.all(nodes.map((n) => n.close()));
});

const clients = () =>
  nodes.map((n) =>
    createExporterClient({
      target: { node: n.node, url: n.exporter.url, token: n.exporter.token },
      timeoutMs: 3000,
    }),
  );

function open(node: InstrumentedNode, who = user): Promise<Socket> {
  const s = connect(node.url, {
    forceNew: true,
    transports: ['websocket'],
    reconnection: false,
    auth: { user: who },
  });
  sockets.push(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

function filters(extra: Record<string, string> = {}) {
  const f = parseDisconnectFilters({ range: '15m', user, ...extra });
  if (!f.ok) throw new Error(f.error);
  return f.value;
}

describe('against real exporters', () => {
  it('lists each disconnect with its exact reason and node, merged across exporters', async () => {
    const a = await Promise.all([open(nodes[0]!), open(nodes[0]!), open(nodes[0]!)]);
    const b = await Promise.all([open(nodes[1]!), open(nodes[1]!)]);
    a[0]!.disconnect(); // client namespace disconnect
    a[1]!.io.engine.close(); // transport close
    b[0]!.disconnect();
    const kicked = [...nodes[1]!.io.of('/').sockets.values()].find((s) => s.id === b[1]!.id);
    kicked?.disconnect(true); // server namespace disconnect
    await waitFor(async () => (await queryDisconnects(clients(), filters())).items.length === 4, {
      timeoutMs: 20_000,
      message: 'four disconnects recorded',
    });
    const result = await queryDisconnects(clients(), filters());
    expect(result.partial).toBe(false);
    const bd = breakdowns(result.items, result.items.at(-1)!.disconnectedAt - 1, Date.now() + 1);
    expect(bd.byReason).toEqual({
      'client namespace disconnect': 2,
      'transport close': 1,
      'server namespace disconnect': 1,
    });
    expect(bd.byNode).toEqual({ 'node-a': 2, 'node-b': 2 });
    expect(result.items.every((r) => r.user === user)).toBe(true);
    const onlyB = await queryDisconnects(clients(), filters({ node: 'node-b' }));
    expect(onlyB.items.map((r) => r.node)).toEqual(['node-b', 'node-b']);
    const byReason = await queryDisconnects(clients(), filters({ reason: 'transport close' }));
    expect(byReason.items).toHaveLength(1);
    a[2]!.disconnect();
  });

  it('tells the story of a session: the client reason and the reconnect on another node', async () => {
    const storyUser = `${user}-story`;
    const first = await open(nodes[0]!, storyUser);
    const firstId = first.id!;
    first.io.engine.close();
    await waitFor(() => !first.connected, { timeoutMs: 10_000, message: 'first dropped' });
    // What the client helper (@sockscope/client) sends on its next connection, here to another node.
    const again = connect(nodes[1]!.url, {
      forceNew: true,
      transports: ['websocket'],
      reconnection: false,
      auth: {
        user: storyUser,
        clientVersion: 'test',
        lastDisconnect: { reason: 'transport close', at: Date.now() - 50, previousId: firstId },
      },
    });
    sockets.push(again);
    await waitFor(() => again.connected, { timeoutMs: 10_000, message: 'reconnect' });
    await waitFor(
      async () => ((await querySessionStory(clients(), firstId))?.reconnect ?? null) !== null,
      { timeoutMs: 20_000, message: 'the reconnect seen' },
    );
    const story = (await querySessionStory(clients(), firstId))!;
    expect(story.session).toMatchObject({
      node: 'node-a',
      reason: 'transport close',
      user: storyUser,
    });
    expect(story.reconnect?.session.node).toBe('node-b');
    expect(story.reconnect?.clientReason).toBe('transport close');
    expect(story.reconnect?.afterMs).toBeGreaterThanOrEqual(0);
    expect(story.chain.map((s) => s.node).sort()).toEqual(['node-a', 'node-b']);
    again.disconnect();
  });

  it('marks results partial and names the node when an exporter is gone', async () => {
    nodes[1]!.exporter.process.kill('SIGKILL');
    await waitFor(
      () =>
        nodes[1]!.exporter.process.exitCode !== null ||
        nodes[1]!.exporter.process.signalCode !== null,
      { timeoutMs: 10_000, message: 'exporter gone' },
    );
    const result = await queryDisconnects(clients(), filters());
    expect(result.partial).toBe(true);
    expect(result.missing).toEqual(['node-b']);
    expect(result.items.every((r) => r.node === 'node-a')).toBe(true);
    expect(result.items.length).toBeGreaterThan(0);
  });
});
