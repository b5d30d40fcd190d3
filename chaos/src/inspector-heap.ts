import { WebSocket } from 'ws';

/** The inspector URL a process started with `--inspect=127.0.0.1:0` printed. */
export function inspectorUrl(logs: readonly string[]): string | undefined {
  for (const line of logs) {
    const match = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(line);
    if (match) return match[1];
  }
  return undefined;
}

/**
 * Heap used after a full garbage collection, read through the process's own inspector (so the
 * process needs no test hook and no --expose-gc).
 */
export function heapAfterGc(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('inspector did not answer'));
    }, 30_000);
    let id = 0;
    const call = (method: string, params: object = {}): void =>
      ws.send(JSON.stringify({ id: ++id, method, params }));
    ws.on('open', () => {
      call('HeapProfiler.collectGarbage');
      call('HeapProfiler.collectGarbage');
      call('Runtime.evaluate', {
        expression: 'process.memoryUsage().heapUsed',
        returnByValue: true,
      });
    });
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as {
        id?: number;
        result?: { result?: { value?: unknown } };
      };
      if (message.id !== 3) return;
      clearTimeout(timer);
      ws.close();
      const value = message.result?.result?.value;
      if (typeof value === 'number') resolve(value);
      else reject(new Error('no heapUsed from the inspector'));
    });
    ws.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** The median of `values` (the mean of the middle two when even); NaN when empty. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Median of `count` heapAfterGc readings `gapMs` apart, and their spread (max - min). */
export async function steadyHeapAfterGc(
  url: string,
  count = 5,
  gapMs = 500,
): Promise<{ median: number; spread: number; readings: number[] }> {
  const readings: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    readings.push(await heapAfterGc(url));
  }
  return {
    median: median(readings),
    spread: Math.max(...readings) - Math.min(...readings),
    readings,
  };
}
