import type { HistogramState } from '@sockscope/contracts';

/** A fixed-bucket histogram, cumulative since creation; observing allocates nothing. */
export class Histogram {
  private readonly counts: Float64Array;
  private sum = 0;
  private count = 0;

  constructor(private readonly buckets: readonly number[]) {
    this.counts = new Float64Array(buckets.length);
  }

  observe(seconds: number): void {
    this.sum += seconds;
    this.count++;
    // Buckets are short (≤ 12): a linear scan beats anything clever.
    for (let i = this.buckets.length - 1; i >= 0; i--) {
      if (seconds > (this.buckets[i] as number)) break;
      this.counts[i] = (this.counts[i] ?? 0) + 1;
    }
  }

  /** Counts per bucket are `<= bucket` (Prometheus `le`), as the contract says. */
  state(): HistogramState {
    return {
      buckets: [...this.buckets],
      counts: Array.from(this.counts),
      sum: this.sum,
      count: this.count,
    };
  }
}
