import {
  INSTRUMENT_NAMESPACE,
  SIDECAR_QUERY,
  type Batch,
  type Hello,
  type InstrumentToSidecarEvents,
  type LifecycleEvent,
  type SidecarAuth,
  type SidecarToInstrumentEvents,
  type Snapshot,
} from '@sockscope/contracts';
import { io as connect, type Socket } from 'socket.io-client';
import { waitFor } from './wait-for.js';

/** A minimal sidecar: records everything the instrument sends. */
export interface TestSidecar {
  socket: Socket<InstrumentToSidecarEvents, SidecarToInstrumentEvents>;
  hellos: Hello[];
  snapshots: Snapshot[];
  batches: Batch[];
  /** Every event from every batch, in arrival order. */
  events: LifecycleEvent[];
  lastSeq(): number;
  waitForEvent<T extends LifecycleEvent['type']>(
    type: T,
    match?: (event: Extract<LifecycleEvent, { type: T }>) => boolean,
    what?: string,
  ): Promise<Extract<LifecycleEvent, { type: T }>>;
  close(): void;
}

export function connectSidecar(
  url: string,
  auth: Partial<SidecarAuth>,
  options: { namespace?: string; headers?: Record<string, string> } = {},
): TestSidecar {
  const socket: TestSidecar['socket'] = connect(
    `${url}${options.namespace ?? INSTRUMENT_NAMESPACE}`,
    {
      forceNew: true,
      reconnection: false,
      auth,
      query: SIDECAR_QUERY,
      extraHeaders: options.headers,
    },
  );
  const sidecar: TestSidecar = {
    socket,
    hellos: [],
    snapshots: [],
    batches: [],
    events: [],
    lastSeq() {
      const last = sidecar.events.at(-1);
      return last?.seq ?? sidecar.snapshots.at(-1)?.seq ?? 0;
    },
    waitForEvent(type, match = () => true, what = type) {
      return waitFor(
        () =>
          sidecar.events.find(
            (event): event is Extract<LifecycleEvent, { type: typeof type }> =>
              event.type === type && match(event as Extract<LifecycleEvent, { type: typeof type }>),
          ),
        `sidecar event ${what}`,
      );
    },
    close() {
      socket.disconnect();
    },
  };
  socket.on('hello', (hello) => sidecar.hellos.push(hello));
  socket.on('snapshot', (snapshot) => sidecar.snapshots.push(snapshot));
  socket.on('batch', (batch) => {
    sidecar.batches.push(batch);
    sidecar.events.push(...batch.events);
  });
  return sidecar;
}
