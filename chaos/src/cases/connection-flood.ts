import { connectClient, waitFor } from '@sockscope/testkit';
import { WebSocket } from 'ws';
import type { ChaosCase } from '../chaos-case.js';
import { heapAfterGc, inspectorUrl } from '../inspector-heap.js';
import { mb, rssBytes, spawnNode, userToken } from '../realtime.js';

const CAP = 200;
const PER_ROUND = 1000;
const ROUNDS = 5;
const CONNECT_TIMEOUT_MS = 2000;
const BOUND_BYTES = 5 * 1024 * 1024;

interface Attempt {
  status: number;
  opened: number;
  closedAfterMs?: number;
  ws: WebSocket;
}

/** Opens a raw engine.io WebSocket that never joins a namespace. */
function attempt(url: string): Promise<Attempt> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const result: Attempt = { status: 0, opened: Date.now(), ws };
    ws.once('upgrade', (res) => {
      result.status = res.statusCode ?? 0;
      ws.once('close', () => (result.closedAfterMs = Date.now() - result.opened));
      resolve(result);
    });
    ws.once('unexpected-response', (_req, res) => {
      result.status = res.statusCode ?? 0;
      res.resume();
      ws.terminate();
      resolve(result);
    });
    ws.once('error', () => resolve(result));
  });
}

/** Case 6: one address opens 5 × 1,000 connections that never join a namespace. */
export const connectionFlood: ChaosCase = {
  name: 'connection-flood',
  issueCase: 6,
  short: true,
  timeoutMs: () => 60_000,
  async run({ log }) {
    const node = await spawnNode({
      MAX_CONNECTIONS_PER_ADDRESS: String(CAP),
      CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
      NODE_OPTIONS: '--inspect=127.0.0.1:0', // heap after GC through the inspector
    });
    const inspector = await waitFor(() => inspectorUrl(node.logs), { message: 'node inspector' });
    const warm = await connectClient(node.url, {
      token: await userToken('warm'),
      reconnection: false,
    });
    warm.disconnect();
    const rssBefore = rssBytes(node.pid);
    const heapBefore = await heapAfterGc(inspector);
    let maxAccepted = 0;
    let totalAccepted = 0;
    let refused = 0;
    let slowestCloseMs = 0;
    let notClosed = 0;
    let rssPeak = rssBefore;
    const rssRounds: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const attempts = await Promise.all(
        Array.from({ length: PER_ROUND }, () => attempt(node.url)),
      );
      const accepted = attempts.filter((a) => a.status === 101);
      maxAccepted = Math.max(maxAccepted, accepted.length);
      totalAccepted += accepted.length;
      refused += attempts.filter((a) => a.status === 403).length;
      rssPeak = Math.max(rssPeak, rssBytes(node.pid));
      await waitFor(() => accepted.every((a) => a.closedAfterMs !== undefined), {
        timeoutMs: CONNECT_TIMEOUT_MS + 8000,
        message: 'connectTimeout closing idle connections',
      }).catch(() => undefined);
      for (const a of accepted) {
        if (a.closedAfterMs === undefined) notClosed++;
        else slowestCloseMs = Math.max(slowestCloseMs, a.closedAfterMs);
        a.ws.terminate();
      }
      rssRounds.push(rssBytes(node.pid));
      log(`round ${round + 1}: ${accepted.length} accepted, rss ${mb(rssRounds.at(-1) ?? 0)}`);
    }
    // The cap frees its slots: a real client from the same address still gets in.
    const after = await connectClient(node.url, {
      token: await userToken('after'),
      reconnection: false,
    });
    const joined = await after.emitWithAck('room:join', { room: 'after' });
    after.disconnect();
    const rssAfter = rssBytes(node.pid);
    // Closing connections finish their TCP close over a few seconds: the lowest of up to 10
    // readings one second apart is what stays.
    let heapAfter = await heapAfterGc(inspector);
    for (let i = 0; i < 10 && heapAfter - heapBefore >= BOUND_BYTES; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      heapAfter = Math.min(heapAfter, await heapAfterGc(inspector));
    }
    const growth = heapAfter - heapBefore;
    const pass =
      maxAccepted <= CAP &&
      maxAccepted >= CAP - 5 && // the cap was reached, not something lower
      refused + totalAccepted === ROUNDS * PER_ROUND &&
      notClosed === 0 &&
      slowestCloseMs <= CONNECT_TIMEOUT_MS + 3000 &&
      joined.ok &&
      // bounded: 5,000 refused or timed-out connections leave less than 5 MB of heap behind
      growth < BOUND_BYTES;
    return {
      pass,
      numbers: {
        attempts: ROUNDS * PER_ROUND,
        'max accepted': `${maxAccepted} (cap ${CAP})`,
        refused403: refused,
        'idle closed by connectTimeout': `${totalAccepted - notClosed}/${totalAccepted}, slowest ${slowestCloseMs}ms (timeout ${CONNECT_TIMEOUT_MS}ms)`,
        'heap after GC before→after': `${mb(heapBefore)}→${mb(heapAfter)}`,
        'rss before/peak/after': `${mb(rssBefore)}/${mb(rssPeak)}/${mb(rssAfter)}`,
        'rss by round': rssRounds.map(mb).join('/'),
        'real client after flood': joined.ok ? 'joined' : 'refused',
      },
    };
  },
};
