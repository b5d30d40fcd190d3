import { get } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { client, closeClients, connected } from './support/clients.js';
import { startNode, stopNodes } from './support/nodes.js';
import { selfSignedCert } from './support/self-signed.js';
import { hs256Token } from './support/tokens.js';

const cleanups: Array<() => void> = [];
afterEach(async () => {
  closeClients();
  await stopNodes();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function httpsJson(url: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    get(url, { rejectUnauthorized: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(body) as unknown }),
      );
    }).on('error', reject);
  });
}

describe('TLS', () => {
  it('serves https and wss with TLS_CERT/TLS_KEY', async () => {
    const { cert, key, cleanup } = selfSignedCert();
    cleanups.push(cleanup);
    const node = await startNode({ tlsCert: cert, tlsKey: key });
    expect(node.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(await httpsJson(`${node.url}/healthz`)).toEqual({
      status: 200,
      body: { status: 'ok', node: node.id },
    });

    const socket = await connected(
      client(node.url, await hs256Token(), {
        transports: ['websocket'],
        rejectUnauthorized: false,
      }),
    );
    expect((await socket.emitWithAck('room:join', { room: 'secure' })).ok).toBe(true);
    expect(socket.io.engine.transport.name).toBe('websocket');

    const polling = await connected(
      client(node.url, await hs256Token(), { transports: ['polling'], rejectUnauthorized: false }),
    );
    expect(polling.connected).toBe(true);
  });

  it('refuses a client that verifies the self-signed certificate (negative control)', async () => {
    const { cert, key, cleanup } = selfSignedCert();
    cleanups.push(cleanup);
    const node = await startNode({ tlsCert: cert, tlsKey: key });
    const socket = client(node.url, await hs256Token(), {
      transports: ['websocket'],
      rejectUnauthorized: true,
    });
    await expect(connected(socket)).rejects.toThrow();
  });
});
