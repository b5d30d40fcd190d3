import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExporterStatus, LifecycleEvent } from '@sockscope/contracts';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError, FEED_NAMESPACE, parseCli, type Exporter } from '../src/index.js';
import { DisconnectStore } from '../src/store/disconnect-store.js';
import { openDatabase } from '../src/store/open-database.js';
import { enforceRetention } from '../src/store/retention.js';
import {
  sessionRecord,
  startFakeInstrument,
  type FakeInstrument,
} from './support/fake-instrument.js';
import { API_TOKEN } from './support/http.js';
import { startExporter } from './support/running-exporter.js';
import { waitFor } from './support/wait-for.js';

const TOKEN = 'target-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'sockscope-exporter-cli-'));
let target: FakeInstrument | undefined;
let exporter: Exporter | undefined;

afterAll(async () => {
  await exporter?.close();
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('live feed', () => {
  it('needs the api token, then sends status and batched lifecycle events', async () => {
    target = await startFakeInstrument({ token: TOKEN, node: 'feed-node' });
    exporter = await startExporter(target.url, { token: TOKEN, feedIntervalMs: 100 });
    const url = `${exporter.url}${FEED_NAMESPACE}`;

    const refused = io(url, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token: 'wrong-token' },
    });
    const error = await new Promise<Error>((r) => refused.once('connect_error', r));
    expect(error.message).toBe('invalid token');
    refused.close();

    const feed = io(url, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token: API_TOKEN },
    });
    const statuses: ExporterStatus[] = [];
    const batches: LifecycleEvent[][] = [];
    feed.on('status', (s: ExporterStatus) => statuses.push(s));
    feed.on('events', (e: LifecycleEvent[]) => batches.push(e));
    await waitFor(() => statuses.length > 0, { what: 'status' });
    expect(statuses[0]?.node).toBe('feed-node');
    expect(statuses[0]?.targetUp).toBe(true);

    const t = target;
    t.emit([{ ts: Date.now(), type: 'connect', session: sessionRecord('f1', { user: 'x' }) }]);
    t.emit([{ ts: Date.now(), type: 'connect', session: sessionRecord('f2', { user: 'y' }) }]);
    await waitFor(() => batches.flat().length === 2, { what: 'two events' });
    // Batched: two target batches may arrive in one feed message, never one message per socket.
    expect(batches.flat().map((e) => (e.type === 'connect' ? e.session.id : e.type))).toEqual([
      'f1',
      'f2',
    ]);
    await waitFor(() => statuses.some((s) => s.liveSessions === 2), { what: 'status change' });
    feed.close();
  });
});

describe('command line', () => {
  const base = [
    '--target',
    'http://127.0.0.1:3000',
    '--token',
    'a-token',
    '--api-token',
    'api-token-123',
  ];

  it.each([
    [['--target', 'nope', '--token', 't', '--api-token', 'api-token-123'], '--target'],
    [[...base, '--listen', 'localhost'], '--listen'],
    [[...base, '--listen', '127.0.0.1:99999'], '--listen'],
    [[...base, '--retention-days', '-1'], '--retention-days'],
    [[...base, '--retention-bytes', 'lots'], '--retention-bytes'],
    [[...base, '--retention-bytes', '10KB'], '--retention-bytes'],
    [[...base, '--node', 'has space'], '--node'],
    [[...base, '--frobnicate', '1'], '--frobnicate'],
    [[...base, '--admin-ui-user', 'u'], '--token'],
    [['--target', 'http://x:1', '--api-token', 'api-token-123'], '--token'],
    [['--target', 'http://x:1', '--token', 't'], '--api-token'],
    [['--target', 'http://x:1', '--token', 't', '--api-token', 'short'], '--api-token'],
    [
      [
        '--target',
        'http://x:1',
        '--token-file',
        '/nonexistent/file',
        '--api-token',
        'api-token-123',
      ],
      '--token-file',
    ],
    [
      ['--target', 'http://x:1', '--admin-ui-user', 'u', '--api-token', 'api-token-123'],
      '--admin-ui-password',
    ],
  ])('%j is refused naming %s', (argv, flag) => {
    let error: unknown;
    try {
      parseCli(argv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).flag).toBe(flag);
  });

  it('reads flags, files and SOCKSCOPE_EXPORTER_* variables (flags win)', () => {
    const file = join(dir, 'api.token');
    writeFileSync(file, 'from-a-file-123\n');
    const r = parseCli(
      [
        '--target',
        'http://h:1',
        '--token',
        't',
        '--listen',
        '0.0.0.0:9000',
        '--retention-bytes',
        '2GB',
      ],
      {
        SOCKSCOPE_EXPORTER_API_TOKEN_FILE: file,
        SOCKSCOPE_EXPORTER_LISTEN: '127.0.0.1:1',
        SOCKSCOPE_EXPORTER_STORE: ':memory:',
      },
    );
    expect(r.help).toBe(false);
    if (r.help) return;
    expect(r.options).toMatchObject({
      apiToken: 'from-a-file-123',
      host: '0.0.0.0',
      port: 9000,
      store: ':memory:',
      retentionBytes: 2e9,
    });
  });

  it('the bin prints --help and exits 2 naming the flag on bad input, without echoing tokens', () => {
    const main = new URL('../dist/main.js', import.meta.url).pathname;
    const help = spawnSync(process.execPath, [main, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--admin-ui-namespace');
    const bad = spawnSync(
      process.execPath,
      [
        main,
        '--target',
        'http://x:1',
        '--token',
        'secret-target-token',
        '--api-token',
        'api-token-123',
        '--listen',
        'x',
      ],
      {
        encoding: 'utf8',
      },
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--listen');
    expect(bad.stderr + bad.stdout).not.toContain('secret-target-token');
  });
});

describe('retention', () => {
  it('deletes by age, then oldest-first by size', () => {
    const db = openDatabase(join(dir, 'retention.db'));
    const store = new DisconnectStore(db);
    const now = Date.now();
    const day = 24 * 3600 * 1000;
    const closed = Array.from({ length: 3000 }, (_, i) => {
      const at = i < 100 ? now - 10 * day : now - (3000 - i) * 1000;
      const s = sessionRecord(`r${i}`, { userAgent: 'x'.repeat(500), connectedAt: at - 1000 });
      return {
        seq: i + 1,
        events: [],
        record: { ...s, disconnectedAt: at, reason: 'transport close', durationMs: 1000 },
      };
    });
    store.writeBatch({ node: 'n', instance: 'i', lastSeq: 3000, closed, errors: [] });
    expect(store.count()).toBe(3000);
    const byAge = enforceRetention(db, now, 7 * day, 1024 ** 3);
    expect(byAge.deletedByAge).toBe(100);
    expect(store.count()).toBe(2900);
    const bySize = enforceRetention(db, now, 7 * day, 1024 * 1024);
    expect(bySize.deletedBySize).toBeGreaterThan(0);
    const left = store.disconnects({}, 1000);
    // The newest are kept.
    expect(left.items[0]?.id).toBe('r2999');
    expect(store.meta()).toEqual({ instance: 'i', lastSeq: 3000 });
    db.close();
  });
});
