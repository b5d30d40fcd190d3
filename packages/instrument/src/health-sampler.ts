import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import {
  ADAPTER_KIND_PATTERN,
  OTHER_LABEL,
  type AdapterHealth,
  type NodeHealth,
} from '@sockscope/contracts';
import type { AdapterHealthReader } from './instrument-options.js';

const NS_PER_SECOND = 1e9;
const RESOLUTION_MS = 10;
const MIN_SAMPLE_INTERVAL_MS = 1000;
/** The histogram records whole timer intervals; the delay is what exceeds the resolution. */
const RESOLUTION_NS = RESOLUTION_MS * 1e6;

/** What is wrong with an adapter health reading, or undefined when it is usable. */
export function adapterHealthProblem(value: unknown): string | undefined {
  const v = value as Partial<AdapterHealth> | null | undefined;
  if (typeof v !== 'object' || v === null) return 'must return { kind, up }';
  if (typeof v.kind !== 'string' || !ADAPTER_KIND_PATTERN.test(v.kind))
    return `must return a kind matching ${String(ADAPTER_KIND_PATTERN)} (e.g. "redis")`;
  if (typeof v.up !== 'boolean') return 'must return up as a boolean';
  return undefined;
}

/**
 * Calls the reader. A throw or a wrong shape counts as down (the link cannot be vouched for),
 * with kind `other` when the kind itself is unusable.
 */
export function readAdapterHealth(reader: AdapterHealthReader): AdapterHealth {
  let value: unknown;
  try {
    value = reader();
  } catch {
    return { kind: OTHER_LABEL, up: false };
  }
  const { kind, up } = (value ?? {}) as Partial<AdapterHealth>;
  return {
    kind: typeof kind === 'string' && ADAPTER_KIND_PATTERN.test(kind) ? kind : OTHER_LABEL,
    up: adapterHealthProblem(value) === undefined && up === true,
  };
}

/** Event-loop delay max from which a node counts as stalling (the scale of the alert's p99). */
const STALL_SECONDS = 0.2;

/**
 * The part of a node's health that deserves a batch of its own when it changes: draining,
 * the adapter's link, and a stall of the event loop. A stall's reading lasts one sampling
 * interval (about a second); without its own batch it would only reach the sidecar if counters
 * happened to move in that second.
 */
export function healthSignal(health: NodeHealth): string {
  const stalled = health.eventLoopDelay.max >= STALL_SECONDS;
  return `${health.draining}|${health.adapter?.up ?? '-'}|${stalled}`;
}

/**
 * Event-loop delay over the last interval (reset at each sample), heap and RSS; the adapter's
 * link to its broker, read fresh each time when the server gave a reader.
 */
export class HealthSampler {
  private readonly delay: IntervalHistogram;
  private last: NodeHealth;
  private sampledAt = 0;
  draining = false;

  constructor(private readonly adapterHealth?: AdapterHealthReader) {
    this.delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    this.delay.enable();
    this.last = this.read();
  }

  /**
   * Reads and resets the interval; the result stays as `current` until the next sample.
   * Reading costs a little (histogram percentiles, memory usage): at most once per
   * `MIN_SAMPLE_INTERVAL_MS`, so the interval spans one or two batches.
   */
  sample(now = Date.now()): NodeHealth {
    if (now - this.sampledAt < MIN_SAMPLE_INTERVAL_MS) return this.last;
    this.sampledAt = now;
    this.last = this.read();
    this.delay.reset();
    return this.last;
  }

  get current(): NodeHealth {
    const health: NodeHealth = { ...this.last, draining: this.draining };
    // Read now, not at the last sample: an outage shows in the very next batch.
    if (this.adapterHealth) health.adapter = readAdapterHealth(this.adapterHealth);
    return health;
  }

  close(): void {
    this.delay.disable();
  }

  private read(): NodeHealth {
    const d = this.delay;
    const seconds = (ns: number): number =>
      Number.isFinite(ns) && d.count > 0 ? Math.max(0, ns - RESOLUTION_NS) / NS_PER_SECOND : 0;
    const memory = process.memoryUsage();
    return {
      eventLoopDelay: {
        p50: seconds(d.percentile(50)),
        p90: seconds(d.percentile(90)),
        p99: seconds(d.percentile(99)),
        max: seconds(d.max),
      },
      heapUsedBytes: memory.heapUsed,
      rssBytes: memory.rss,
      draining: this.draining,
    };
  }
}
