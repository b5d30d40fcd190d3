import { request } from 'node:http';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { client, closeClients, connected } from './support/clients.js';
import { startNode, stopNodes } from './support/nodes.js';
import { hs256Token } from './support/tokens.js';

afterEach(async () => {
  closeClients();
  await stopNodes();
});

const ALLOWED = 'https://app.example.test';
const EVIL = 'https://evil.example.test';

/** A long-polling handshake with a chosen Origin (fetch may not set Origin). */
function handshake(
  url: string,
  origin: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/socket.io/?EIO=4&transport=polling`,
      { headers: { origin } },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** A WebSocket upgrade with a chosen Origin: the HTTP status of a refusal, or 101. */
function upgrade(url: string, origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, {
      origin,
    });
    ws.once('upgrade', (res) => {
      ws.terminate();
      resolve(res.statusCode ?? 0);
    });
    ws.once('unexpected-response', (_req, res) => {
      ws.terminate();
      resolve(res.statusCode ?? 0);
    });
    ws.once('error', reject);
  });
}

describe('origin allow-list', () => {
  it('gives a disallowed Origin 403 and creates no socket; an allowed origin works', async () => {
    const node = await startNode({ allowedOrigins: [ALLOWED] });

    const refused = await handshake(node.url, EVIL);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toEqual({ code: 4, message: 'origin not allowed' });
    expect(await upgrade(node.url, EVIL)).toBe(403);
    expect(node.io.engine.clientsCount).toBe(0);

    const allowed = await handshake(node.url, ALLOWED);
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatch(/^0\{"sid":"node-\d+\./);
    expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(await upgrade(node.url, ALLOWED)).toBe(101);

    const socket = await connected(
      client(node.url, await hs256Token(), { extraHeaders: { origin: ALLOWED } }),
    );
    expect((await socket.emitWithAck('room:join', { room: 'lobby' })).ok).toBe(true);
  });

  it('refuses every browser Origin by default but lets non-browser clients (no Origin) in', async () => {
    const node = await startNode();
    expect((await handshake(node.url, ALLOWED)).status).toBe(403);
    expect(node.io.engine.clientsCount).toBe(0);
    await connected(client(node.url, await hs256Token()));
    expect(node.io.engine.clientsCount).toBe(1);
  });
});
