import {
  OTHER_LABEL,
  PING_RTT_BUCKETS,
  SESSION_DURATION_BUCKETS,
  counterKey,
  type CounterState,
  type Counters,
  type NodeHealth,
} from '@sockscope/contracts';
import { Histogram } from './histogram.js';
import { NamespaceEvents } from './event-names.js';

/** More namespaces than this (dynamic ones, say) share the `other` label. */
const MAX_NAMESPACE_LABELS = 100;

function increment(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function toRecord(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries(map);
}

/** Every cumulative counter of one instance. Hot-path fields are plain numbers. */
export class CounterStore {
  packetsIn = 0;
  packetsOut = 0;
  bytesIn = 0;
  bytesOut = 0;
  readonly connections = new Map<string, number>();
  readonly disconnects = new Map<string, number>();
  readonly handshakeErrors = new Map<string, number>();
  readonly recoveries = new Map<string, number>();
  readonly clientReportedDisconnects = new Map<string, number>();
  readonly engineCloses = new Map<string, number>();
  readonly sessionDuration = new Map<string, Histogram>();
  readonly pingRtt = new Histogram(PING_RTT_BUCKETS);
  private readonly connectErrors = new Map<string, Map<string, number>>();
  private readonly namespaces = new Map<string, NamespaceEvents>();
  private readonly otherNamespace: NamespaceEvents;

  constructor(private readonly maxEventNames: number) {
    this.otherNamespace = new NamespaceEvents(OTHER_LABEL, maxEventNames);
  }

  /** The event counters of a namespace (created on first use, capped in number). */
  eventsOf(namespace: string): NamespaceEvents {
    const known = this.namespaces.get(namespace);
    if (known !== undefined) return known;
    if (this.namespaces.size >= MAX_NAMESPACE_LABELS) return this.otherNamespace;
    const events = new NamespaceEvents(namespace, this.maxEventNames);
    this.namespaces.set(namespace, events);
    return events;
  }

  countConnection(transport: string): void {
    increment(this.connections, transport);
  }

  countEngineClose(reason: string): void {
    increment(this.engineCloses, reason);
  }

  countDisconnect(reason: string, transport: string, durationSeconds: number): void {
    increment(this.disconnects, counterKey(reason, transport));
    let histogram = this.sessionDuration.get(reason);
    if (histogram === undefined) {
      histogram = new Histogram(SESSION_DURATION_BUCKETS);
      this.sessionDuration.set(reason, histogram);
    }
    histogram.observe(durationSeconds);
  }

  countHandshakeError(code: number): void {
    increment(this.handshakeErrors, String(code));
  }

  /** Middleware messages are capped per namespace like event names: they are label values. */
  countConnectError(namespace: string, message: string): void {
    let messages = this.connectErrors.get(namespace);
    if (messages === undefined) {
      messages = new Map();
      this.connectErrors.set(namespace, messages);
    }
    const label =
      messages.has(message) || messages.size < this.maxEventNames ? message : OTHER_LABEL;
    increment(messages, label);
  }

  countRecovery(result: 'recovered' | 'failed'): void {
    increment(this.recoveries, result);
  }

  countClientReportedDisconnect(reason: string): void {
    increment(this.clientReportedDisconnects, reason);
  }

  /** A cheap number that moves whenever any counter moves (decides whether a batch is due). */
  fingerprint(): number {
    let total = this.packetsIn + this.packetsOut;
    for (const count of this.handshakeErrors.values()) total += count;
    return total;
  }

  counters(): Counters {
    const events: Record<string, number> = {};
    for (const ns of [...this.namespaces.values(), this.otherNamespace]) {
      for (const counter of [...ns.names.values(), ns.other]) {
        if (counter.in > 0) events[counterKey(ns.namespace, counter.name, 'in')] = counter.in;
        if (counter.out > 0) events[counterKey(ns.namespace, counter.name, 'out')] = counter.out;
      }
    }
    const connectErrors: Record<string, number> = {};
    for (const [namespace, messages] of this.connectErrors) {
      for (const [message, count] of messages)
        connectErrors[counterKey(namespace, message)] = count;
    }
    return {
      connections: toRecord(this.connections),
      disconnects: toRecord(this.disconnects),
      handshakeErrors: toRecord(this.handshakeErrors),
      connectErrors,
      events,
      bytes: { in: this.bytesIn, out: this.bytesOut },
      packets: { in: this.packetsIn, out: this.packetsOut },
      recoveries: toRecord(this.recoveries),
      clientReportedDisconnects: toRecord(this.clientReportedDisconnects),
      engineCloses: toRecord(this.engineCloses),
    };
  }

  state(health: NodeHealth): CounterState {
    const sessionDuration: CounterState['sessionDuration'] = {};
    for (const [reason, histogram] of this.sessionDuration)
      sessionDuration[reason] = histogram.state();
    return { counters: this.counters(), sessionDuration, pingRtt: this.pingRtt.state(), health };
  }
}
