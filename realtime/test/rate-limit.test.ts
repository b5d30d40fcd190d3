import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, closeClients, connected, type TestClient } from './support/clients.js';
import { spawnNode, stopSpawned, type SpawnedNode } from './support/nodes.js';
import { hs256Token } from './support/tokens.js';
import { percentile } from './support/wait-for.js';

const FLOODER = fileURLToPath(new URL('./support/flooder.ts', import.meta.url));
const RATE = 20;
const BURST = 40;
const FLOOD_PER_SECOND = 1000;
const ROUNDS = 10;
const WINDOW_MS = 1000;
const PROBES = 8;
const PROBE_INTERVAL_MS = 100; // 10 events/s per probe: well under the limit

interface FloodSummary {
  state: 'done';
  sent: number;
  ok: number;
  rateLimited: number;
  otherErrors: number;
  floodingMs: number;
  elapsedMs: number;
  disconnected: string;
}

let node: SpawnedNode;
beforeAll(async () => {
  node = await spawnNode({
    RATE_LIMIT_RATE: String(RATE),
    RATE_LIMIT_BURST: String(BURST),
    LOG_LEVEL: 'warn',
  });
  // On a shared machine, other jobs preempting the node would swamp what is measured here
  // (the flood's cost to other sockets), so the node gets a higher priority where allowed.
  try {
    setPriority(node.child.pid ?? 0, -10);
  } catch {
    console.info('rate-limit test: could not raise the node priority (not root); measuring as is');
  }
});
afterAll(async () => {
  closeClients();
  await stopSpawned();
});

/** Round trips of the probes, each acking one publish every PROBE_INTERVAL_MS. */
async function measure(
  probes: TestClient[],
  durationMs: number,
): Promise<{ samples: number[]; errors: string[] }> {
  const samples: number[] = [];
  const errors: string[] = [];
  const end = performance.now() + durationMs;
  await Promise.all(
    probes.map(async (probe, i) => {
      await new Promise((resolve) => setTimeout(resolve, (i * PROBE_INTERVAL_MS) / probes.length));
      while (performance.now() < end) {
        const next = performance.now() + PROBE_INTERVAL_MS;
        const started = performance.now();
        const ack = await probe
          .timeout(5000)
          .emitWithAck('room:publish', { room: `probe-${i}`, payload: i });
        samples.push(performance.now() - started);
        if (!ack.ok) errors.push(ack.error);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
      }
    }),
  );
  return { samples, errors };
}

/** The flooder process, driven over stdin; resolves each command once it took effect. */
async function startFlooder(token: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', FLOODER, node.url, token, String(FLOOD_PER_SECOND)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const waiters = new Map<string, () => void>();
  let summary: ((value: FloodSummary) => void) | undefined;
  const done = new Promise<FloodSummary>((resolve) => (summary = resolve));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as { state: string };
    if (message.state === 'done') summary?.(message as FloodSummary);
    waiters.get(message.state)?.();
  });
  const expectState = (state: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`flooder: no "${state}" in time`)), 20_000);
      waiters.set(state, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  await expectState('connected');
  return {
    async send(command: 'on' | 'off') {
      const confirmed = expectState(command);
      child.stdin.write(`${command}\n`);
      await confirmed;
    },
    async stop(): Promise<FloodSummary> {
      child.stdin.write('stop\n');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const result = await done;
      clearTimeout(timer);
      return result;
    },
  };
}

describe('per-socket rate limit', () => {
  it('limits one socket sending 1,000 events/s while other sockets keep their ack p99 under 2x baseline', async () => {
    const probes = await Promise.all(
      Array.from({ length: PROBES }, async (_, i) =>
        connected(client(node.url, await hs256Token({ sub: `probe-${i}` }))),
      ),
    );
    const flooder = await startFlooder(await hs256Token({ sub: 'flooder' }));
    await measure(probes, 500); // warm-up (JIT, connections)

    // Baseline and flood windows alternate, so load from elsewhere on the machine falls on
    // both conditions alike instead of on whichever phase it happens to coincide with.
    const baseline: number[] = [];
    const during: number[] = [];
    const errors: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const quiet = await measure(probes, WINDOW_MS);
      baseline.push(percentile(quiet.samples, 99));
      await flooder.send('on');
      const flooded = await measure(probes, WINDOW_MS);
      during.push(percentile(flooded.samples, 99));
      await flooder.send('off');
      errors.push(...quiet.errors, ...flooded.errors);
    }
    const summary = await flooder.stop();

    // The flooder really sent ~1,000/s and got only its burst plus RATE/s through.
    const floodingSeconds = summary.floodingMs / 1000;
    const allowed = BURST + RATE * (summary.elapsedMs / 1000) + RATE;
    expect(summary.sent / floodingSeconds).toBeGreaterThan(FLOOD_PER_SECOND * 0.9);
    expect(summary.ok).toBeLessThanOrEqual(allowed);
    expect(summary.rateLimited).toBeGreaterThanOrEqual(summary.sent - allowed);
    expect(summary.otherErrors).toBe(0);
    expect(summary.disconnected).toBe('');

    // p99 of each 1 s window, then the median over the windows of each condition: a stall
    // from another job on the machine lands in a minority of windows and does not decide.
    const p99Before = percentile(baseline, 50);
    const p99During = percentile(during, 50);
    console.info(JSON.stringify({ p99Before, p99During, baseline, during, summary }));
    expect(errors).toEqual([]);
    // Twice the baseline, with a 5 ms floor: on a shared 2-core machine a sub-millisecond
    // baseline doubles from scheduler jitter alone, which says nothing about the flood.
    expect(p99During).toBeLessThan(Math.max(2 * p99Before, p99Before + 5));
  }, 90_000);
});
