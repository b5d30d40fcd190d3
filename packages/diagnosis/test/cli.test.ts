// sockscope-diagnose as a process: flag validation, human and JSON output, stack file, exit codes.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../src/types.js';
import { closed, range } from './support/records.js';
import { startStubExporter, type StubExporter } from './support/stub-exporter.js';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'main.js');

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let stub: StubExporter;
let dir: string;
const now = Date.now();

beforeAll(async () => {
  // 7 sessions cut by a proxy at 30 s, connected at different times.
  const records = range(7).map((i) =>
    closed('transport close', 30_000 + (i % 2) * 500, {
      node: 'node-1',
      connectedAt: now - 600_000 + i * 40_000,
    }),
  );
  stub = await startStubExporter('node-1', records);
  dir = await mkdtemp(join(tmpdir(), 'sockscope-diagnose-'));
});

afterAll(async () => {
  await stub.close();
  await rm(dir, { recursive: true, force: true });
});

describe('sockscope-diagnose flags', () => {
  it.each([
    [['--to', '-1m', '--exporters', 'n=http://127.0.0.1:1#t'], '--from'],
    [['--from', 'yesterday', '--exporters', 'n=http://127.0.0.1:1#t'], '--from'],
    [['--from', '-15m'], '--exporters'],
    [['--from', '-15m', '--exporters', 'no-token-here'], '--exporters'],
    [['--from', '-15m', '--exporters', 'n=ftp://x#t'], '--exporters'],
    [['--from', '-15m', '--stack', 'x.json', '--prometheus', 'not a url'], '--prometheus'],
    [['--from', '-15m', '--stack', 'x.json', '--ping-interval', '-5'], '--ping-interval'],
    [['--from', '-1m', '--to', '-1h', '--stack', 'x.json'], '--from'],
    [['--form', '-15m'], '--form'],
  ])('%j exits 2 naming %s', async (args, flag) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toContain(flag);
  });

  it('a missing stack file exits 2 naming --stack', async () => {
    const { code, stderr } = await run(['--from', '-15m', '--stack', join(dir, 'missing.json')]);
    expect(code).toBe(2);
    expect(stderr).toContain('--stack');
  });
});

describe('sockscope-diagnose output', () => {
  it('--json: ranked findings from the exporters (every disconnect page read), exit 1', async () => {
    const { code, stdout } = await run([
      '--from',
      String(now - 3_600_000),
      '--to',
      new Date(now + 60_000).toISOString(),
      '--exporters',
      `node-1=${stub.url}#${stub.token}`,
      '--json',
    ]);
    const body = JSON.parse(stdout) as { findings: Finding[] };
    expect(body.findings[0]?.id).toBe('proxy-idle-timeout');
    expect(body.findings[0]?.impact).toEqual({ sessions: 7, users: 7, nodes: 1 });
    expect(code).toBe(1);
    expect(stub.requests.filter((r) => r.startsWith('/api/disconnects')).length).toBe(4);
  });

  it('human output from a stack file: evidence, cause and fix', async () => {
    const stackFile = join(dir, 'stack.json');
    await writeFile(
      stackFile,
      JSON.stringify({
        exporters: [{ node: 'node-1', url: stub.url, token: stub.token }],
        prometheus: null,
      }),
    );
    const { code, stdout } = await run(['--from', '-1h', '--to', 'now', '--stack', stackFile]);
    expect(code).toBe(1);
    expect(stdout).toContain('1. [CRITICAL] Connections cut at 30.');
    expect(stdout).toMatch(
      /evidence:\n\s+- transport close sessions ending at one duration: 7 of 7/,
    );
    expect(stdout).toContain('fix:');
    expect(stdout).toContain('/disconnects?reason=transport+close');
  });

  it('no exporter answering exits 3, with the node named in an info finding', async () => {
    const { code, stdout } = await run([
      '--from',
      '-5m',
      '--exporters',
      'node-x=http://127.0.0.1:1#t',
      '--json',
    ]);
    expect(code).toBe(3);
    const body = JSON.parse(stdout) as { findings: Finding[] };
    expect(body.findings.map((f) => f.id)).toEqual(['incomplete-data']);
  });
});
