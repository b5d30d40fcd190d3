import { SIDECAR_HEARTBEAT_MS, type AdapterHealth } from '@sockscope/contracts';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { instrument } from '../src/index.js';
import { connectSidecar } from './support/sidecar-client.js';
import { TOKEN, startTestServer, type TestServer } from './support/test-server.js';
import { waitFor } from './support/wait-for.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('adapter health', () => {
  it('sends health.adapter in the snapshot and follows the reader in later batches', async () => {
    let up = true;
    server = await startTestServer({
      instrument: { adapterHealth: () => ({ kind: 'redis', up }) },
    });
    const sidecar = connectSidecar(server.url, { token: TOKEN });
    await waitFor(() => sidecar.snapshots.length === 1, 'snapshot');
    expect(sidecar.snapshots[0]?.state.health.adapter).toEqual({ kind: 'redis', up: true });

    // Nothing else changes: the heartbeat batch still carries the new reading.
    up = false;
    const down = await waitFor(
      () => sidecar.batches.find((b) => b.state.health.adapter?.up === false),
      'a batch with the adapter down',
      SIDECAR_HEARTBEAT_MS + 5000,
    );
    expect(down.state.health.adapter).toEqual({ kind: 'redis', up: false });
    expect(server.handle.state().state.health.adapter).toEqual({ kind: 'redis', up: false });

    up = true;
    const seen = sidecar.batches.length;
    await waitFor(
      () => sidecar.batches.slice(seen).find((b) => b.state.health.adapter?.up === true),
      'a batch with the adapter up again',
      SIDECAR_HEARTBEAT_MS + 5000,
    );
    sidecar.close();
  });

  it('reports nothing without a reader (negative control)', async () => {
    server = await startTestServer();
    const sidecar = connectSidecar(server.url, { token: TOKEN });
    await waitFor(() => sidecar.snapshots.length === 1, 'snapshot');
    expect(sidecar.snapshots[0]?.state.health).not.toHaveProperty('adapter');
    expect(server.handle.state().state.health).not.toHaveProperty('adapter');
    sidecar.close();
  });

  it('reports the adapter down when the reader throws or later returns a wrong shape', async () => {
    let reading: () => AdapterHealth = () => ({ kind: 'redis', up: true });
    server = await startTestServer({ instrument: { adapterHealth: () => reading() } });
    const health = () => server?.handle.state().state.health.adapter;
    expect(health()).toEqual({ kind: 'redis', up: true });
    reading = () => {
      throw new Error('broken reader');
    };
    expect(health()).toEqual({ kind: 'other', up: false });
    reading = () => ({ kind: 'redis', up: 'yes' }) as unknown as AdapterHealth;
    expect(health()).toEqual({ kind: 'redis', up: false });
    reading = () => ({ kind: 'Redis Cluster #1', up: true });
    expect(health()).toEqual({ kind: 'other', up: false });
  });

  it('fails fast on a reader that is not a function or returns a wrong shape at startup', () => {
    const io = new Server();
    expect(() => instrument(io, { token: TOKEN, adapterHealth: 'redis' as never })).toThrow(
      /adapterHealth must be a function returning \{ kind, up \}/,
    );
    expect(() =>
      instrument(io, {
        token: TOKEN,
        adapterHealth: () => ({ kind: 'my adapter', up: true }),
      }),
    ).toThrow(/adapterHealth must return a kind matching/);
    expect(() =>
      instrument(io, {
        token: TOKEN,
        adapterHealth: () => ({ kind: 'redis', up: 1 }) as unknown as AdapterHealth,
      }),
    ).toThrow(/adapterHealth must return up as a boolean/);
    // A good reader passes (control).
    const handle = instrument(io, {
      token: TOKEN,
      adapterHealth: () => ({ kind: 'redis', up: true }),
    });
    handle.close();
  });
});
