import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { NodeHealth } from '@sockscope/contracts';

const NS_PER_SECOND = 1e9;
const RESOLUTION_MS = 10;
const MIN_SAMPLE_INTERVAL_MS = 1000;
/** The histogram records whole timer intervals; the delay is what exceeds the resolution. */
const RESOLUTION_NS = RESOLUTION_MS * 1e6;

/** Event-loop delay over the last interval (reset at each sample), heap and RSS. */
export class HealthSampler {
  private readonly delay: IntervalHistogram;
  private last: NodeHealth;
  private sampledAt = 0;
  draining = false;

  constructor() {
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
    return { ...this.last, draining: this.draining };
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
