import type { HistogramState } from '@sockscope/contracts';
import type { Metric, Registry } from 'prom-client';

type Labels = Record<string, string>;
interface Value {
  value: number;
  labels: Record<string, string | number>;
  metricName: string;
}

export interface CumulativeHistogramConfig {
  name: string;
  help: string;
  /** The contract's bucket bounds (seconds). */
  buckets: readonly number[];
  registers: Registry[];
}

/**
 * A real Prometheus histogram (_bucket/_sum/_count) whose values are the target's cumulative
 * HistogramState, read at scrape time, instead of observations made in this process.
 * prom-client's registry only needs `name`, `help`, `type`, `aggregator` and `get()`.
 */
export class CumulativeHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly name: string;
  readonly help: string;
  private readonly buckets: readonly number[];

  constructor(
    config: CumulativeHistogramConfig,
    private readonly read: () => Array<{ labels: Labels; state: HistogramState }>,
  ) {
    this.name = config.name;
    this.help = config.help;
    this.buckets = config.buckets;
    for (const registry of config.registers) registry.registerMetric(this as unknown as Metric);
  }

  async get(): Promise<{
    name: string;
    help: string;
    type: string;
    aggregator: string;
    values: Value[];
  }> {
    const values: Value[] = [];
    for (const { labels, state } of this.read()) {
      // `counts[i]` is the number of observations ≤ `buckets[i]` (cumulative, as Prometheus wants).
      // Exposed on the contract's bounds; a target bound missing there folds into the next lower one.
      for (const le of this.buckets) {
        let value = 0;
        state.buckets.forEach((b, i) => {
          if (b <= le) value = state.counts[i] ?? value;
        });
        values.push({ value, labels: { ...labels, le }, metricName: `${this.name}_bucket` });
      }
      values.push({
        value: state.count,
        labels: { ...labels, le: '+Inf' },
        metricName: `${this.name}_bucket`,
      });
      values.push({ value: state.sum, labels, metricName: `${this.name}_sum` });
      values.push({ value: state.count, labels, metricName: `${this.name}_count` });
    }
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values,
    };
  }

  reset(): void {}
}
