import type { Metric, Registry } from 'prom-client';

/**
 * A metric exposed as `untyped`, computed at scrape time. Used for the event-loop delay, whose
 * contract label `quantile="max"` is neither a summary quantile (not a number) nor allowed on a
 * gauge by `promtool check metrics`; untyped keeps the contract's labels and lints clean.
 */
export class UntypedMetric {
  readonly type = 'untyped';
  readonly aggregator = 'max';

  constructor(
    readonly name: string,
    readonly help: string,
    registers: Registry[],
    private readonly read: () => Array<{ labels: Record<string, string>; value: number }>,
  ) {
    for (const registry of registers) registry.registerMetric(this as unknown as Metric);
  }

  async get(): Promise<{
    name: string;
    help: string;
    type: string;
    aggregator: string;
    values: Array<{ labels: Record<string, string>; value: number }>;
  }> {
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values: this.read(),
    };
  }

  reset(): void {}
}
