import cluster, { type Worker } from 'node:cluster';
import { setupPrimary } from '@socket.io/cluster-adapter';
import type { SequenceSource } from './sequence-source.js';

const REQUEST = 'sockscope:seq:next';
const REPLY = 'sockscope:seq:value';

interface SequenceRequest {
  type: typeof REQUEST;
  id: number;
  room: string;
}
interface SequenceReply {
  type: typeof REPLY;
  id: number;
  seq: number;
}

const isRequest = (msg: unknown): msg is SequenceRequest =>
  typeof msg === 'object' && msg !== null && (msg as { type?: unknown }).type === REQUEST;
const isReply = (msg: unknown): msg is SequenceReply =>
  typeof msg === 'object' && msg !== null && (msg as { type?: unknown }).type === REPLY;

export interface ServeClusterSequencesOptions {
  /** Also call @socket.io/cluster-adapter's setupPrimary() (do not call it twice). @default true */
  setupAdapterPrimary?: boolean;
}

let served = false;

/**
 * Runs in the node:cluster primary: owns the room counters of every worker started with
 * ADAPTER=cluster, and (by default) relays the cluster adapter's messages between workers.
 * Returns a function that stops serving sequences.
 */
export function serveClusterSequences(options: ServeClusterSequencesOptions = {}): () => void {
  if (!cluster.isPrimary) throw new Error('serveClusterSequences() runs in the cluster primary');
  if (served) throw new Error('serveClusterSequences() is already running');
  served = true;
  if (options.setupAdapterPrimary ?? true) setupPrimary();
  const counters = new Map<string, number>();
  const onMessage = (worker: Worker, msg: unknown): void => {
    if (!isRequest(msg)) return;
    const seq = (counters.get(msg.room) ?? 0) + 1;
    counters.set(msg.room, seq);
    const reply: SequenceReply = { type: REPLY, id: msg.id, seq };
    if (worker.isConnected()) worker.send(reply);
  };
  cluster.on('message', onMessage);
  return () => {
    cluster.off('message', onMessage);
    served = false;
  };
}

/** In a worker: asks the primary for each `seq` over the cluster IPC channel. */
export function createClusterSequences(timeoutMs = 5000): SequenceSource {
  const send = process.send?.bind(process);
  if (!cluster.isWorker || !send) {
    throw new Error(
      'ADAPTER=cluster needs a node:cluster worker whose primary calls serveClusterSequences()',
    );
  }
  let nextId = 0;
  const pending = new Map<
    number,
    { resolve: (seq: number) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();
  const onMessage = (msg: unknown): void => {
    if (!isReply(msg)) return;
    const waiter = pending.get(msg.id);
    if (!waiter) return;
    pending.delete(msg.id);
    clearTimeout(waiter.timer);
    waiter.resolve(msg.seq);
  };
  process.on('message', onMessage);
  return {
    next(room) {
      return new Promise((resolve, reject) => {
        const id = ++nextId;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(
            new Error('no sequence from the cluster primary (is serveClusterSequences() running?)'),
          );
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        const request: SequenceRequest = { type: REQUEST, id, room };
        send(request);
      });
    },
    close() {
      process.off('message', onMessage);
      for (const waiter of pending.values()) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error('closed'));
      }
      pending.clear();
      return Promise.resolve();
    },
  };
}
