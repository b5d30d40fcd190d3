import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { client, closeClients, connected } from './support/clients.js';
import { startNode, stopNodes } from './support/nodes.js';
import { engineHandshake, upgradeStatus } from './support/raw-engine.js';
import { hs256Token } from './support/tokens.js';
import { waitFor } from './support/wait-for.js';

afterEach(async () => {
  closeClients();
  await stopNodes();
});

describe('per-address connection cap', () => {
  it('refuses handshakes beyond MAX_CONNECTIONS_PER_ADDRESS with 403 ', async () => {
    const node = await startNode({ maxConnectionsPerAddress: 5, connectTimeoutMs: 60_000 });
    const answers = await Promise.all(Array.from({ length: 12 }, () => engineHandshake(node.url)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
    const refused = answers.filter((a) => a.status === 403);
    expect(refused).toHaveLength(7);
    expect(JSON.parse(refused[0]!.body)).toEqual({
      code: 4,
      message: 'too many connections from this address',
    });
    expect(await upgradeStatus(node.url)).toBe(403);
    expect(node.io.engine.clientsCount).toBe(5);
  });

  it('connections that never join a namespace are closed by connectTimeout, freeing the cap', async () => {
    // Long heartbeat: only connectTimeout can close these idle WebSockets within the wait.
    const node = await startNode({
      maxConnectionsPerAddress: 3,
      connectTimeoutMs: 500,
      pingIntervalMs: 60_000,
      pingTimeoutMs: 60_000,
    });
    const wsUrl = `${node.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const idle = Array.from({ length: 3 }, () => new WebSocket(wsUrl));
    const closed = idle.map(
      (ws) => new Promise<void>((resolve) => ws.once('close', () => resolve())),
    );
    await waitFor(() => node.io.engine.clientsCount === 3, { what: 'three idle sessions' });
    expect(await upgradeStatus(node.url)).toBe(403);
    await Promise.all(closed);
    await waitFor(() => node.io.engine.clientsCount === 0, {
      timeoutMs: 10_000,
      what: 'connectTimeout to close the idle sessions',
    });
    const socket = await connected(client(node.url, await hs256Token()));
    expect((await socket.emitWithAck('room:join', { room: 'lobby' })).ok).toBe(true);
  });

  it('0 (the default) caps nothing (negative control)', async () => {
    const node = await startNode({ connectTimeoutMs: 60_000 });
    const answers = await Promise.all(Array.from({ length: 30 }, () => engineHandshake(node.url)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
  });
});
