import { afterEach, describe, expect, it } from 'vitest';
import { METRICS } from '@sockscope/contracts';
import { createExporter, type Exporter } from '@sockscope/exporter';
import { waitFor } from '@sockscope/testkit';
import { createClient, type SockscopeSocket } from '../src/index.js';
import { TOKEN, startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer | undefined;
let exporter: Exporter | undefined;
let socket: SockscopeSocket | undefined;
afterEach(async () => {
  socket?.disconnect();
  await exporter?.close();
  await server?.close();
  socket = undefined;
  exporter = undefined;
  server = undefined;
});

async function metric(url: string, line: RegExp): Promise<number | undefined> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = text.split('\n').find((l) => line.test(l));
  return match === undefined ? undefined : Number(match.split(' ').at(-1));
}

describe('end to end: client report → instrument → exporter metric', () => {
  it(`increments ${METRICS.clientReportedDisconnectsTotal} for a reconnect after a transport close`, async () => {
    server = await startTestServer();
    exporter = await createExporter({
      target: server.url,
      token: TOKEN,
      port: 0,
      store: ':memory:',
      apiToken: 'api-token-0123456789abcdef',
    });
    await waitFor(() => exporter!.status().targetUp, { message: 'exporter connected' });
    const series = new RegExp(
      `^${METRICS.clientReportedDisconnectsTotal}\\{[^}]*reason="transport close"[^}]*\\} `,
    );
    // Negative control: nothing reported yet.
    expect(await metric(exporter.url, series)).toBeUndefined();
    socket = createClient(server.url, {
      forceNew: true,
      transports: ['websocket'],
      reconnectionDelay: 50,
    });
    await waitFor(() => socket!.connected, { message: 'connect' });
    (
      socket.io.engine as unknown as { transport: { ws: { terminate(): void } } }
    ).transport.ws.terminate();
    let value: number | undefined;
    await waitFor(async () => (value = await metric(exporter!.url, series)) === 1, {
      message: 'the counter at 1',
    }).catch((error: Error) => {
      throw new Error(`${error.message} (last value ${String(value)})`);
    });
  });
});
