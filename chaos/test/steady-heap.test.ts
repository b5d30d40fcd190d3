import { spawn } from 'node:child_process';
import { waitFor } from '@sockscope/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectorUrl, median, steadyHeapAfterGc } from '../src/inspector-heap.js';

// A process that holds 20 MB until told to drop it, inspectable on a free loopback port.
const child = spawn(
  process.execPath,
  [
    '--inspect=127.0.0.1:0',
    '-e',
    `globalThis.held = Array.from({ length: 2_500_000 }, (_, i) => i + 0.5);
     process.stdin.on('data', () => { globalThis.held = null; });
     setInterval(() => {}, 1000);`,
  ],
  { stdio: ['pipe', 'ignore', 'pipe'] },
);
const logs: string[] = [];
child.stderr.on('data', (chunk: Buffer) => logs.push(...chunk.toString().split('\n')));
afterAll(() => {
  child.kill('SIGKILL');
});

describe('steady heap readings', () => {
  it('takes the median: an outlier reading does not move it', () => {
    expect(median([48.8, 21.0, 21.0, 21.1, 21.0])).toBe(21.0);
    expect(median([3, 1, 2, 4])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('reads heap after GC through a real inspector, and sees retained memory go (control)', async () => {
    const url = await waitFor(() => inspectorUrl(logs), { message: 'inspector url' });
    const holding = await steadyHeapAfterGc(url, 3, 100);
    expect(holding.readings).toHaveLength(3);
    expect(holding.median).toBeGreaterThan(20 * 1024 * 1024);
    child.stdin.write('drop\n');
    const dropped = await waitFor(
      async () => {
        const r = await steadyHeapAfterGc(url, 3, 100);
        return r.median < holding.median - 15 * 1024 * 1024 ? r : undefined;
      },
      { timeoutMs: 15_000, message: 'the dropped 20 MB to be collected' },
    );
    expect(dropped.median).toBeLessThan(holding.median);
    // Once nothing changes, the readings agree.
    const settled = await steadyHeapAfterGc(url, 3, 100);
    expect(settled.spread).toBeLessThan(5 * 1024 * 1024);
  });
});
