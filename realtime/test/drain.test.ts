import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { client, closeClients, connected } from './support/clients.js';
import { spawnNode, startNode, stopNodes, stopSpawned } from './support/nodes.js';
import { hs256Token } from './support/tokens.js';
import { waitFor } from './support/wait-for.js';

afterEach(async () => {
  closeClients();
  await stopNodes();
  await stopSpawned();
});

/** Opens a TCP connection and sends a request line without finishing its headers. */
async function halfRequest(
  port: number,
  path: string,
): Promise<{ socket: Socket; finish: () => Promise<string> }> {
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
  let response = '';
  socket.on('data', (chunk: Buffer) => (response += chunk.toString()));
  return {
    socket,
    finish: () =>
      new Promise((resolve) => {
        socket.once('close', () => resolve(response));
        socket.write('Connection: close\r\n\r\n');
      }),
  };
}

describe('graceful drain', () => {
  it('turns /readyz 503 and refuses new handshakes as soon as drain starts', async () => {
    const node = await startNode();
    expect((await fetch(`${node.url}/readyz`)).status).toBe(200);
    // Requests already on the wire when drain starts are answered after it started.
    const ready = await halfRequest(node.port, '/readyz');
    const handshake = await halfRequest(node.port, '/socket.io/?EIO=4&transport=polling');
    const socket = await connected(client(node.url, await hs256Token()));
    const drained = node.drain();

    expect(await ready.finish()).toMatch(/^HTTP\/1\.1 503[\s\S]*\{"status":"draining"\}$/);
    expect(await handshake.finish()).toMatch(/^HTTP\/1\.1 403[\s\S]*"message":"server draining"/);
    await drained;
    await waitFor(() => !socket.connected, { what: 'the client to be disconnected' });
  });

  it('SIGTERM: clients are closed and the process exits 0 within DRAIN_TIMEOUT_MS', async () => {
    const node = await spawnNode({ DRAIN_TIMEOUT_MS: '3000' });
    const socket = await connected(client(node.url, await hs256Token()));
    await socket.emitWithAck('room:join', { room: 'r' });
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const started = performance.now();
    node.child.kill('SIGTERM');
    expect(await node.exited).toBe(0);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(await disconnected).toBe('transport close');
    const messages = node.lines.map((line) => JSON.parse(line) as { msg: string; node: string });
    expect(messages.map((m) => m.msg)).toEqual(
      expect.arrayContaining(['listening', 'draining', 'closed']),
    );
    expect(new Set(messages.map((m) => m.node))).toEqual(new Set([node.nodeId]));
  });

  it('exits non-zero with a clear message on bad configuration', async () => {
    await expect(spawnNode({ PORT: 'eighty' })).rejects.toThrow(
      /PORT \(--port\): expected a whole number/,
    );
  });
});
