import { afterEach, describe, expect, it } from 'vitest';
import { client, closeClients, connected } from './support/clients.js';
import { startNode, stopNodes } from './support/nodes.js';
import { engineHandshake, upgradeStatus } from './support/raw-engine.js';
import { hs256Token } from './support/tokens.js';

afterEach(async () => {
  closeClients();
  await stopNodes();
});

const ALLOWED = 'https://app.example.test';
const EVIL = 'https://evil.example.test';

describe('origin allow-list', () => {
  it('gives a disallowed Origin 403 and creates no socket; an allowed origin works', async () => {
    const node = await startNode({ allowedOrigins: [ALLOWED] });

    const refused = await engineHandshake(node.url, EVIL);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toEqual({ code: 4, message: 'origin not allowed' });
    expect(await upgradeStatus(node.url, EVIL)).toBe(403);
    expect(node.io.engine.clientsCount).toBe(0);

    const allowed = await engineHandshake(node.url, ALLOWED);
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatch(/^0\{"sid":"node-\d+\./);
    expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(await upgradeStatus(node.url, ALLOWED)).toBe(101);

    const socket = await connected(
      client(node.url, await hs256Token(), { extraHeaders: { origin: ALLOWED } }),
    );
    expect((await socket.emitWithAck('room:join', { room: 'lobby' })).ok).toBe(true);
  });

  it('refuses every browser Origin by default but lets non-browser clients (no Origin) in', async () => {
    const node = await startNode();
    expect((await engineHandshake(node.url, ALLOWED)).status).toBe(403);
    expect(node.io.engine.clientsCount).toBe(0);
    await connected(client(node.url, await hs256Token()));
    expect(node.io.engine.clientsCount).toBe(1);
  });
});
