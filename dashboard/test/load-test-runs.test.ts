import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listLoadTestRuns } from '../lib/load-test-runs';

const report = (scenario: string, startedAt: string, verdict: 'pass' | 'fail') => ({
  version: 1,
  scenario,
  target: 'http://127.0.0.1:3000',
  slo: 'slo/chat.yml',
  startedAt,
  endedAt: startedAt,
  durationSeconds: 30,
  verdict,
  client: {},
  server: null,
  objectives: [
    {
      name: 'p99',
      kind: 'objective',
      metric: 'x',
      op: '<',
      bound: 1,
      value: 2,
      holds: verdict === 'pass',
      message: 'x = 2 (bound < 1)',
    },
  ],
  timeline: [
    {
      t: 1,
      vusersCreated: 1,
      vusersFailed: 0,
      connected: 5,
      messagesReceived: 1,
      deliveryP50: 1,
      deliveryP99: 2,
      connectP99: 3,
    },
  ],
  baseline: null,
});

describe('load-test runs', () => {
  it('reads gate reports from run directories and files, newest first, skipping junk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sockscope-runs-'));
    mkdirSync(join(dir, 'run-a'));
    writeFileSync(
      join(dir, 'run-a', 'report.json'),
      JSON.stringify(report('chat', '2026-01-01T00:00:00Z', 'pass')),
    );
    writeFileSync(
      join(dir, 'b.json'),
      JSON.stringify(report('fanout', '2026-02-01T00:00:00Z', 'fail')),
    );
    writeFileSync(join(dir, 'junk.json'), '{not json');
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ hello: 1 }));
    mkdirSync(join(dir, 'empty'));
    const runs = await listLoadTestRuns(dir);
    expect(runs?.map((r) => [r.scenario, r.verdict])).toEqual([
      ['fanout', 'fail'],
      ['chat', 'pass'],
    ]);
    expect(runs?.[1]?.timeline[0]).toEqual({ t: 1, connected: 5, deliveryP99: 2, connectP99: 3 });
    expect(await listLoadTestRuns(null)).toBeNull();
    expect(await listLoadTestRuns(join(dir, 'missing'))).toBeNull();
  });
});
