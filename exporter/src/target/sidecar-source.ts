import {
  INSTRUMENT_NAMESPACE,
  SIDECAR_QUERY,
  type Batch,
  type Hello,
  type InstrumentToSidecarEvents,
  type SidecarAuth,
  type SidecarToInstrumentEvents,
  type Snapshot,
} from '@sockscope/contracts';
import type { Logger } from 'pino';
import { io, type Socket } from 'socket.io-client';
import { createBackoff } from './backoff.js';
import type { TargetSource, TargetSourceOptions } from './target-source.js';

export interface SidecarSourceOptions extends TargetSourceOptions {
  token: string;
  logger: Logger;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Connects to `instrument(io)`'s `/sockscope` namespace, resuming from the last stored seq. */
export function createSidecarSource(options: SidecarSourceOptions): TargetSource {
  const { ingest, logger } = options;
  const backoff = createBackoff(options.reconnectDelayMs, options.reconnectDelayMaxMs);
  let retryTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const socket: Socket<InstrumentToSidecarEvents, SidecarToInstrumentEvents> = io(
    `${options.url}${INSTRUMENT_NAMESPACE}`,
    {
      transports: ['websocket'],
      // Leaves the sidecar's own connection out of the node's counters.
      query: SIDECAR_QUERY,
      reconnectionDelay: options.reconnectDelayMs,
      reconnectionDelayMax: options.reconnectDelayMaxMs,
      randomizationFactor: 0.5,
      // A function, so every reconnect sends the resume point stored last.
      auth: (cb) => {
        const { instance, lastSeq } = ingest.resumePoint();
        const auth: SidecarAuth = { token: options.token };
        if (instance !== null) {
          auth.instance = instance;
          auth.resumeFrom = lastSeq;
        }
        cb(auth as unknown as Record<string, unknown>);
      },
    },
  );

  const guard =
    <T>(name: string, fn: (value: T) => void) =>
    (value: T): void => {
      try {
        if (!isObject(value)) throw new Error(`${name} is not an object`);
        fn(value);
      } catch (error) {
        logger.error({ err: error, message: name }, 'could not apply a message from the target');
        options.onBadMessage(error);
      }
    };

  socket.on('connect', () => {
    backoff.reset();
    logger.info({ target: options.url }, 'connected to target');
  });
  socket.on('disconnect', (reason) => {
    ingest.setTargetUp(false);
    logger.warn({ reason }, 'disconnected from target');
  });
  socket.on('connect_error', (error) => {
    ingest.setTargetUp(false);
    logger.warn({ error: error.message }, 'cannot connect to target');
    // A refusal by the namespace middleware (bad token, not loopback) is not retried by the Manager.
    if (!socket.active && !closed) {
      const delay = backoff.next();
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => socket.connect(), delay);
    }
  });
  socket.on(
    'hello',
    guard<Hello>('hello', (hello) => ingest.applyHello(hello)),
  );
  socket.on(
    'snapshot',
    guard<Snapshot>('snapshot', (snapshot) => {
      if (!Array.isArray(snapshot.sessions) || !isObject(snapshot.state))
        throw new Error('bad snapshot');
      ingest.applySnapshot(snapshot);
      // Up (and ready) once the live table reflects the target.
      ingest.setTargetUp(true);
      socket.emit('ack', ingest.resumePoint().lastSeq);
    }),
  );
  socket.on(
    'batch',
    guard<Batch>('batch', (batch) => {
      if (!Array.isArray(batch.events) || !isObject(batch.state)) throw new Error('bad batch');
      const seq = ingest.applyBatch(batch);
      socket.emit('ack', seq);
    }),
  );

  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      socket.close();
      ingest.setTargetUp(false);
    },
  };
}
