import type { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeStats } from '../src/index.js';
import { client, closeClients, connected, type TestClient } from './support/clients.js';
import { createRng, hardFrame, softFrame } from './support/malformed-corpus.js';
import { spawnNode, stopSpawned, type SpawnedNode } from './support/nodes.js';
import {
  RECORD_SEPARATOR,
  pollingGet,
  pollingHandshake,
  pollingPost,
  rawRequest,
  rawWebSocket,
  sendAndSync,
} from './support/raw-engine.js';
import { hs256Token } from './support/tokens.js';
import { waitFor } from './support/wait-for.js';

const TOTAL = 10_000;
const PLAN = {
  wsSoft: 6000, // valid framing, bad payloads, on 4 authenticated WebSockets
  wsHard: 2200, // broken framing, one fresh WebSocket each
  pollingSoft: 1000, // valid framing, bad payloads, batched in authenticated polling sessions
  pollingHard: 500, // broken framing, one fresh polling session each
  httpJunk: 300, // broken engine.io requests (bad sid, method, query, protocol)
};

let node: SpawnedNode;
beforeAll(async () => {
  // A high rate limit so every soft frame reaches payload validation.
  node = await spawnNode({
    TEST_HOOKS: '1',
    RATE_LIMIT_RATE: '1000000',
    RATE_LIMIT_BURST: '1000000',
    LOG_LEVEL: 'warn',
  });
});
afterAll(async () => {
  closeClients();
  await stopSpawned();
});

const stats = async (): Promise<NodeStats> =>
  (await (await fetch(`${node.url}/test-hooks/stats`)).json()) as NodeStats;

/** A healthy client publishing with acks in a loop; its receiver checks seq has no gap. */
async function startHealthyTraffic() {
  const receiver = await connected(client(node.url, await hs256Token({ sub: 'healthy-receiver' })));
  const publisher = await connected(
    client(node.url, await hs256Token({ sub: 'healthy-publisher' })),
  );
  await receiver.emitWithAck('room:join', { room: 'healthy' });
  const seqs: number[] = [];
  receiver.on('room:message', (message) => seqs.push(message.seq));
  const result = { acked: 0, failed: [] as string[], maxAckMs: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const ack = await (publisher as TestClient)
          .timeout(5000)
          .emitWithAck('room:publish', { room: 'healthy', payload: result.acked });
        if (ack.ok) result.acked++;
        else result.failed.push(ack.error);
      } catch (error) {
        result.failed.push((error as Error).message);
      }
      result.maxAckMs = Math.max(result.maxAckMs, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    result,
    seqs,
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** Groups frames into polling bodies under maxHttpBufferSize. */
function packBodies(frames: string[], maxBytes: number): string[][] {
  const bodies: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const frame of frames) {
    if (current.length > 0 && size + frame.length + 1 > maxBytes) {
      bodies.push(current);
      current = [];
      size = 0;
    }
    current.push(frame);
    size += frame.length + 1;
  }
  if (current.length > 0) bodies.push(current);
  return bodies;
}

describe('malformed frames and payloads', () => {
  it(`${TOTAL} malformed frames never crash the node and other clients keep being served`, async () => {
    expect(Object.values(PLAN).reduce((a, b) => a + b, 0)).toBe(TOTAL);
    const token = await hs256Token({ sub: 'fuzzer' });
    const rng = createRng(20_261_130);
    const healthy = await startHealthyTraffic();
    const sent = { wsSoft: 0, wsHard: 0, pollingSoft: 0, pollingHard: 0, httpJunk: 0 };

    // Soft frames: 4 sockets, bursts of 100 followed by an acked marker proving the node
    // processed every frame before it (socket.io handles a socket's packets in order).
    const wsSoft = Array.from({ length: 4 }, async (_, worker) => {
      const ws: WebSocket = await rawWebSocket(node.url, token);
      const share = PLAN.wsSoft / 4;
      for (let done = 0; done < share; done += 100) {
        const frames = Array.from({ length: 100 }, (_, i) => softFrame(rng, 1000 + i));
        await sendAndSync(ws, frames, 900_000 + worker * 10_000 + done);
        sent.wsSoft += frames.length;
      }
      ws.close();
    });

    // Hard frames: each on a fresh engine.io WebSocket, 8 at a time.
    const hardQueue = Array.from({ length: PLAN.wsHard }, () => hardFrame(rng));
    const wsHard = Array.from({ length: 8 }, async () => {
      for (let frame = hardQueue.pop(); frame !== undefined; frame = hardQueue.pop()) {
        const ws = await rawWebSocket(node.url);
        const closed = new Promise((resolve) => ws.once('close', resolve));
        ws.send(frame);
        sent.wsHard++;
        ws.close();
        await closed;
      }
    });

    const polling = (async () => {
      // Soft frames in authenticated polling sessions, 50 packets per POST.
      for (let session = 0; session < PLAN.pollingSoft / 250; session++) {
        const sid = await pollingHandshake(node.url);
        expect(await pollingPost(node.url, sid, `40${JSON.stringify({ token })}`)).toBe(200);
        expect((await pollingGet(node.url, sid)).body).toMatch(/^40\{/);
        const frames = Array.from({ length: 250 }, (_, i) => softFrame(rng, i));
        for (const body of packBodies(frames, 90_000)) {
          expect(await pollingPost(node.url, sid, body.join(RECORD_SEPARATOR))).toBe(200);
          sent.pollingSoft += body.length;
        }
        const drained = await pollingGet(node.url, sid);
        expect(drained.status).toBe(200); // the session is still alive after its bad payloads
      }
      // Hard frames, each in a fresh polling session.
      for (let i = 0; i < PLAN.pollingHard; i++) {
        const sid = await pollingHandshake(node.url);
        const frame = hardFrame(rng);
        const status = await pollingPost(
          node.url,
          sid,
          typeof frame === 'string' ? frame : new Uint8Array(frame),
        );
        expect(status).toBeLessThan(500);
        sent.pollingHard++;
      }
      // Broken requests around the engine.io protocol itself.
      const junk = [
        '/socket.io/?EIO=4&transport=polling&sid=does-not-exist',
        '/socket.io/?EIO=3&transport=polling',
        '/socket.io/?EIO=99&transport=polling',
        '/socket.io/?EIO=4&transport=carrier-pigeon',
        '/socket.io/?EIO=4&transport=websocket',
        '/socket.io/?EIO=4&transport=polling&sid=',
        '/socket.io/?EIO=4&transport=polling&j=%E0%A4%A',
        '/socket.io/?%%%%',
        '/socket.io/',
      ];
      for (let i = 0; i < PLAN.httpJunk; i++) {
        const path = junk[i % junk.length] ?? '/socket.io/';
        const method = i % 3 === 0 ? 'POST' : i % 3 === 1 ? 'GET' : 'PUT';
        const status = await rawRequest(
          node.url,
          path,
          method === 'GET' ? {} : { method, body: 'x'.repeat(i) },
        );
        expect(status).toBeLessThan(500);
        sent.httpJunk++;
      }
    })();

    await Promise.all([...wsSoft, ...wsHard, polling]);
    expect(Object.values(sent).reduce((a, b) => a + b, 0)).toBe(TOTAL);

    // After the flood: still serving, same process, healthy traffic never failed or gapped.
    const lastAck = healthy.result.acked;
    await waitFor(() => healthy.result.acked > lastAck + 5, {
      what: 'healthy acks after the flood',
    });
    await healthy.stop();
    expect(healthy.result.failed).toEqual([]);
    expect(healthy.result.acked).toBeGreaterThan(10);
    await waitFor(() => healthy.seqs.length === healthy.result.acked, {
      what: 'every healthy message',
    });
    expect(healthy.seqs).toEqual(Array.from({ length: healthy.seqs.length }, (_, i) => i + 1));

    expect(node.child.exitCode).toBeNull();
    expect(node.child.signalCode).toBeNull();
    expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
    const counters = await stats();
    // Every soft frame reached the guard: refused as invalid/unknown, or (valid ones) handled.
    expect(counters.invalidPayloads + counters.unknownEvents).toBeGreaterThan(
      (PLAN.wsSoft + PLAN.pollingSoft) * 0.6,
    );
    expect(counters.handlerErrors).toBe(0); // deep payloads are refused before they reach the encoder
    expect(node.stderr()).not.toMatch(/Error|uncaught/i);
  }, 120_000);
});
