import { Writable } from 'node:stream';
import { createExporter, type Exporter } from '@sockscope/exporter';
import {
  SIDECAR_CONNECT_ERRORS,
  type DisconnectRecord,
  type ExporterStatus,
  type Page,
  type SessionRecord,
} from '@sockscope/contracts';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { client, closeClients, connected } from './support/clients.js';
import { startNode, stopNodes } from './support/nodes.js';
import { hs256Token } from './support/tokens.js';
import { waitFor } from './support/wait-for.js';

const INSTRUMENT_TOKEN = 'instrument-token-for-the-test';
const API_TOKEN = 'api-token-for-the-test';
let exporter: Exporter | undefined;

afterEach(async () => {
  closeClients();
  await stopNodes();
  await exporter?.close();
  exporter = undefined;
});

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${exporter?.url}${path}`, {
    headers: { authorization: `Bearer ${API_TOKEN}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

/** An in-process exporter; `refusals` collects its "cannot connect to target" errors. */
function startExporter(
  target: string,
  token = INSTRUMENT_TOKEN,
  refusals: string[] = [],
): Promise<Exporter> {
  const logs = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as { msg?: string; error?: string };
        if (entry.msg === 'cannot connect to target') refusals.push(entry.error ?? '');
      }
      done();
    },
  });
  return createExporter({
    target,
    token,
    apiToken: API_TOKEN,
    port: 0,
    store: ':memory:',
    reconnectDelayMs: 100,
    reconnectDelayMaxMs: 500,
    logger: pino({ level: 'warn' }, logs),
  });
}

describe('INSTRUMENT_TOKEN: instrument(io) for the exporter sidecar', () => {
  it("an exporter sees the node's sessions, and the drain's disconnects", async () => {
    const node = await startNode({ nodeId: 'node-seen', instrumentToken: INSTRUMENT_TOKEN });
    exporter = await startExporter(node.url);
    await waitFor(async () => (await api<ExporterStatus>('/api/status')).targetUp, {
      what: 'the exporter to connect to the node',
    });
    const status = await api<ExporterStatus>('/api/status');
    expect(status.node).toBe('node-seen');

    for (const user of ['alice', 'bob'])
      await connected(client(node.url, await hs256Token({ sub: user })));
    await waitFor(async () => (await api<ExporterStatus>('/api/status')).liveSessions === 2, {
      what: 'two live sessions at the exporter',
    });
    const sessions = await api<Page<SessionRecord>>('/api/sessions');
    expect(sessions.items.map((s) => s.user).sort()).toEqual(['alice', 'bob']);
    expect(sessions.items.every((s) => s.node === 'node-seen')).toBe(true);

    // io.close() runs before the instrument closes: the shutdown disconnects still arrive.
    await node.drain();
    const disconnects = await waitFor(
      async () => {
        const page = await api<Page<DisconnectRecord>>('/api/disconnects');
        return page.items.length === 2 ? page : undefined;
      },
      { what: 'two disconnect records after the drain' },
    );
    expect(disconnects.items.map((d) => d.reason)).toEqual([
      'server shutting down',
      'server shutting down',
    ]);
  });

  it('a wrong sidecar token is refused, and a node without the token serves no sidecar', async () => {
    const node = await startNode({ instrumentToken: INSTRUMENT_TOKEN });
    const refusals: string[] = [];
    exporter = await startExporter(node.url, 'a-wrong-token-of-enough-length', refusals);
    const bare = await startNode();
    const bareRefusals: string[] = [];
    const other = await startExporter(bare.url, INSTRUMENT_TOKEN, bareRefusals);
    try {
      await waitFor(() => refusals.length > 0 && bareRefusals.length > 0, {
        what: 'both exporters to be refused',
      });
      expect(refusals[0]).toBe(SIDECAR_CONNECT_ERRORS.invalidToken);
      expect(bareRefusals[0]).toBe('Invalid namespace');
      expect((await api<ExporterStatus>('/api/status')).targetUp).toBe(false);
      expect(other.status().targetUp).toBe(false);
    } finally {
      await other.close();
    }
  });
});
