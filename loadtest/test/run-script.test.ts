import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildRunScript } from '../src/gate/run-script.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sockscope-run-script-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function httpConfigOf(script: string): Promise<unknown> {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.yml`);
  await writeFile(path, script);
  const built = await buildRunScript(path, 'http://127.0.0.1:1', { duration: null, rate: null });
  return (parse(built.yaml) as { config: { http?: unknown } }).config.http;
}

describe('buildRunScript', () => {
  it('makes socketio-only scripts share one pair of HTTP agents', async () => {
    const http = await httpConfigOf(
      'config:\n  timeout: 5\nscenarios:\n  - engine: socketio\n    flow: [{ think: 1 }]\n',
    );
    expect(http).toEqual({ pool: 1 });
  });

  it('leaves HTTP scenarios with their own agents, and keeps a pool the script chose', async () => {
    const mixed = await httpConfigOf(
      'config: {}\nscenarios:\n  - engine: socketio\n    flow: []\n  - flow: [{ get: { url: / } }]\n',
    );
    expect(mixed).toBeUndefined();
    const chosen = await httpConfigOf(
      'config:\n  http: { pool: 8, timeout: 3 }\nscenarios:\n  - engine: socketio\n    flow: []\n',
    );
    expect(chosen).toEqual({ pool: 8, timeout: 3 });
  });
});
