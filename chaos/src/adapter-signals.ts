import { METRICS } from '@sockscope/contracts';
import { probe } from './http-probe.js';

/** `adapter.up` of a node's /readyz body (undefined when it does not answer or say). */
export async function readyzAdapterUp(nodeUrl: string): Promise<boolean | undefined> {
  const { status, body } = await probe(`${nodeUrl}/readyz`, { timeoutMs: 2000 });
  if (status === 0) return undefined;
  try {
    const up = (JSON.parse(body) as { adapter?: { up?: unknown } }).adapter?.up;
    return typeof up === 'boolean' ? up : undefined;
  } catch {
    return undefined;
  }
}

/** The value of `socketio_adapter_up` on an exporter's /metrics (undefined when absent). */
export async function exportedAdapterUp(exporterUrl: string): Promise<number | undefined> {
  const { status, body } = await probe(`${exporterUrl}/metrics`, { timeoutMs: 2000 });
  if (status !== 200) return undefined;
  const line = body.split('\n').find((l) => l.startsWith(`${METRICS.adapterUp}{`));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

/**
 * Polls `check` every 200 ms until it is true or `deadline` (epoch ms) passes; returns the ms
 * from `since` to the first true, or undefined.
 */
export async function firstTrue(
  check: () => Promise<boolean>,
  since: number,
  deadline: number,
): Promise<number | undefined> {
  while (Date.now() < deadline) {
    if (await check()) return Date.now() - since;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return undefined;
}
