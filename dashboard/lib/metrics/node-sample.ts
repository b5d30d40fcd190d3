/** One exporter's `/metrics`, reduced to what the Overview and Nodes pages draw. */
import { METRICS } from '@sockscope/contracts';
import type { Sample } from './parse-prometheus';

export interface NodeSample {
  at: number;
  connected: number;
  byTransport: Record<string, number>;
  connections: number;
  disconnectsByReason: Record<string, number>;
  eventsIn: number;
  eventsOut: number;
  bytesIn: number;
  bytesOut: number;
  handshakeErrors: number;
  pingRttSum: number;
  pingRttCount: number;
  /** Seconds. */
  eventLoopP99: number | null;
  targetUp: boolean;
}

export function nodeSample(samples: readonly Sample[], at: number): NodeSample {
  const s: NodeSample = {
    at,
    connected: 0,
    byTransport: {},
    connections: 0,
    disconnectsByReason: {},
    eventsIn: 0,
    eventsOut: 0,
    bytesIn: 0,
    bytesOut: 0,
    handshakeErrors: 0,
    pingRttSum: 0,
    pingRttCount: 0,
    eventLoopP99: null,
    targetUp: false,
  };
  for (const m of samples) {
    switch (m.name) {
      case METRICS.connectedClients: {
        s.connected += m.value;
        const t = m.labels.transport ?? 'unknown';
        s.byTransport[t] = (s.byTransport[t] ?? 0) + m.value;
        break;
      }
      case METRICS.connectionsTotal:
        s.connections += m.value;
        break;
      case METRICS.disconnectsTotal: {
        const r = m.labels.reason ?? 'unknown';
        s.disconnectsByReason[r] = (s.disconnectsByReason[r] ?? 0) + m.value;
        break;
      }
      case METRICS.eventsTotal:
        if (m.labels.direction === 'in') s.eventsIn += m.value;
        else s.eventsOut += m.value;
        break;
      case METRICS.bytesTotal:
        if (m.labels.direction === 'in') s.bytesIn += m.value;
        else s.bytesOut += m.value;
        break;
      case METRICS.handshakeErrorsTotal:
        s.handshakeErrors += m.value;
        break;
      case `${METRICS.pingRttSeconds}_sum`:
        s.pingRttSum += m.value;
        break;
      case `${METRICS.pingRttSeconds}_count`:
        s.pingRttCount += m.value;
        break;
      case METRICS.eventLoopDelaySeconds:
        if (m.labels.quantile === '0.99') s.eventLoopP99 = m.value;
        break;
      case METRICS.targetUp:
        s.targetUp = m.value === 1;
        break;
      default:
    }
  }
  return s;
}

/** Per-second rate of a counter between two samples; a reset (restart) counts from zero. */
export function rate(prev: number | undefined, next: number, seconds: number): number {
  if (seconds <= 0) return 0;
  if (prev === undefined) return 0;
  const delta = next >= prev ? next - prev : next;
  return delta / seconds;
}
