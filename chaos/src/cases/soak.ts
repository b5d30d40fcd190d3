import { randomBytes } from 'node:crypto';
import { connectClient, waitFor } from '@sockscope/testkit';
import type { ChaosCase } from '../chaos-case.js';
import { spawnExporter } from '../exporter-process.js';
import { probe } from '../http-probe.js';
import { heapAfterGc, inspectorUrl, steadyHeapAfterGc } from '../inspector-heap.js';
import { mb, spawnNode, userToken } from '../realtime.js';

const PER_MINUTE = 10_000;
/** Heap readings at each end: the median of this many full-GC readings, this far apart. */
const END_READINGS = 5;
const END_GAP_MS = 500;
/**
 * instrument(io)'s default bufferSize: it keeps the last 10,000 lifecycle events for sidecars
 * that reconnect, a ring that grows until full and then stays. The warm-up runs until it is
 * full (with a margin), so the start reading already holds it.
 */
const INSTRUMENT_BUFFER_EVENTS = 10_000;
const WARM_UP_MAX_MS = 120_000;
const INSPECT = '--inspect=127.0.0.1:0';

/** Sum of `socketio_connected_clients` on an exporter's /metrics. */
async function connectedClients(exporterUrl: string): Promise<number | undefined> {
  const { status, body } = await probe(`${exporterUrl}/metrics`);
  if (status !== 200) return undefined;
  let sum = 0;
  for (const line of body.split('\n')) {
    if (line.startsWith('socketio_connected_clients')) sum += Number(line.split(' ').at(-1));
  }
  return sum;
}

/**
 * Case 13: 10,000 connects and disconnects per minute; heap after GC at start and end. Each end
 * is read with the load paused and every client gone (the same state at both ends), as the
 * median of several full-GC readings: one reading swings with what happens to be in flight.
 */
export const soak: ChaosCase = {
  name: 'soak',
  issueCase: 13,
  short: false,
  timeoutMs: ({ soakMinutes }) => soakMinutes * 60_000 + WARM_UP_MAX_MS + 180_000,
  async run({ soakMinutes, log }) {
    const token = randomBytes(24).toString('base64url');
    const apiToken = randomBytes(16).toString('hex');
    const node = await spawnNode({ INSTRUMENT_TOKEN: token, NODE_OPTIONS: INSPECT });
    const exporter = await spawnExporter({
      target: node.url,
      token,
      apiToken,
      nodeOptions: INSPECT,
    });
    try {
      const nodeInspector = await waitFor(() => inspectorUrl(node.logs), {
        message: 'node inspector',
      });
      const exporterInspector = await waitFor(() => inspectorUrl(exporter.logs), {
        message: 'exporter inspector',
      });
      const tokens = await Promise.all(
        Array.from({ length: 50 }, (_, i) => userToken(`soak-${i}`)),
      );
      let done = 0;
      let failed = 0;
      const cycle = async (): Promise<void> => {
        try {
          const socket = await connectClient(node.url, {
            token: tokens[done % tokens.length],
            transports: ['websocket'],
            reconnection: false,
          });
          await socket.timeout(10_000).emitWithAck('room:join', { room: `soak-${done % 20}` });
          socket.disconnect();
          done++;
        } catch {
          failed++;
        }
      };
      const samples: string[] = [];
      /** Runs cycles at PER_MINUTE for `ms`; heap samples every `sampleMs`. */
      const run = async (ms: number, sampleMs = 0): Promise<void> => {
        const started = Date.now();
        let scheduled = 0;
        let nextSample = sampleMs;
        const inFlight = new Set<Promise<void>>();
        while (Date.now() - started < ms) {
          if (sampleMs > 0 && Date.now() - started >= nextSample) {
            nextSample += sampleMs;
            const [n, e] = [await heapAfterGc(nodeInspector), await heapAfterGc(exporterInspector)];
            samples.push(`${mb(n)}/${mb(e)}`);
            log(`heap after GC node/exporter at ${samples.length} min: ${samples.at(-1) ?? ''}`);
          }
          const due = Math.floor(((Date.now() - started) / 60_000) * PER_MINUTE);
          while (scheduled < due) {
            scheduled++;
            const p = cycle().finally(() => inFlight.delete(p));
            inFlight.add(p);
          }
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await Promise.all([...inFlight]);
      };
      /** The node's last lifecycle event sequence number, as its exporter stored it. */
      const lastSeq = async (): Promise<number> => {
        const { body } = await probe(`${exporter.url}/api/status`, {
          headers: { authorization: `Bearer ${apiToken}` },
        });
        try {
          return (JSON.parse(body) as { lastSeq?: number }).lastSeq ?? 0;
        } catch {
          return 0;
        }
      };
      log(`warm-up: at least 20 s and until ${INSTRUMENT_BUFFER_EVENTS} lifecycle events`);
      const warmStarted = Date.now();
      await run(20_000);
      while (
        (await lastSeq()) < INSTRUMENT_BUFFER_EVENTS * 1.2 &&
        Date.now() - warmStarted < WARM_UP_MAX_MS
      )
        await run(5000);
      const warmUp = `${Math.round((Date.now() - warmStarted) / 1000)}s (${await lastSeq()} lifecycle events)`;
      const settleZero = () =>
        waitFor(async () => (await connectedClients(exporter.url)) === 0, {
          timeoutMs: 30_000,
          message: 'connected clients back to 0',
        });
      await settleZero();
      const steady = async () => {
        const [n, e] = [
          await steadyHeapAfterGc(nodeInspector, END_READINGS, END_GAP_MS),
          await steadyHeapAfterGc(exporterInspector, END_READINGS, END_GAP_MS),
        ];
        log(
          `heap after GC node/exporter, ${END_READINGS} readings: ${n.readings.map(mb).join(' ')} / ${e.readings.map(mb).join(' ')}`,
        );
        return [n, e] as const;
      };
      const start = await steady();
      const startHeap = start.map((r) => r.median);
      const startCount = done;
      log(`soak ${soakMinutes} min at ${PER_MINUTE}/min`);
      await run(soakMinutes * 60_000, 60_000);
      const cycles = done - startCount;
      const backToZero = await settleZero().then(
        () => true,
        () => false,
      );
      const end = await steady();
      const endHeap = end.map((r) => r.median);
      const ratio = (i: number) => (endHeap[i] ?? 0) / (startHeap[i] ?? 1);
      const expected = soakMinutes * PER_MINUTE;
      const pass =
        backToZero &&
        ratio(0) <= 1.1 &&
        ratio(1) <= 1.1 &&
        cycles >= 0.95 * expected &&
        failed === 0;
      const pct = (i: number) => `${((ratio(i) - 1) * 100).toFixed(1)}%`;
      return {
        pass,
        numbers: {
          minutes: soakMinutes,
          'warm-up': warmUp,
          'connect+disconnect cycles': `${cycles} (${Math.round(cycles / soakMinutes)}/min)`,
          failed,
          [`node heap after GC start→end (median of ${END_READINGS})`]: `${mb(startHeap[0] ?? 0)} (range ${mb(start[0].spread)})→${mb(endHeap[0] ?? 0)} (range ${mb(end[0].spread)}) (${pct(0)})`,
          [`exporter heap after GC start→end (median of ${END_READINGS})`]: `${mb(startHeap[1] ?? 0)} (range ${mb(start[1].spread)})→${mb(endHeap[1] ?? 0)} (range ${mb(end[1].spread)}) (${pct(1)})`,
          'heap node/exporter each minute': samples.join(' '),
          'connected at end': backToZero ? 0 : String(await connectedClients(exporter.url)),
        },
      };
    } finally {
      await exporter.stop();
      await node.stop();
    }
  },
};
