import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { METRICS, UNEXPECTED_DISCONNECT_REASONS } from '@sockscope/contracts';
import { PROMETHEUS } from './datasource.js';

/** One PromQL query of a panel. */
export interface Query {
  expr: string;
  legend?: string;
  /** Evaluate once at the end of the range (stat, bar and table panels). */
  instant?: boolean;
  /** Return a table frame (bar and table panels). */
  table?: boolean;
}

/** Regex matcher of the reasons counted as unexpected (from the contract, never repeated). */
export const UNEXPECTED = `reason=~"${UNEXPECTED_DISCONNECT_REASONS.join('|')}"`;

export const RATE = '$__rate_interval';

/** `rate(metric{matchers}[$__rate_interval])`. */
export function rate(metric: string, ...matchers: string[]): string {
  return `rate(${metric}{${matchers.join(',')}}[${RATE}])`;
}

/** `increase(metric{matchers}[$__range])`: totals over the dashboard's time range. */
export function increaseOverRange(metric: string, ...matchers: string[]): string {
  return `increase(${metric}{${matchers.join(',')}}[$__range])`;
}

export function histogramQuantile(
  q: number,
  metric: string,
  by: string[],
  ...matchers: string[]
): string {
  return `histogram_quantile(${q}, sum by (${[...by, 'le'].join(', ')}) (${rate(`${metric}_bucket`, ...matchers)}))`;
}

export function target(query: Query, index: number): DataqueryBuilder {
  const builder = new DataqueryBuilder()
    .datasource(PROMETHEUS)
    .refId(String.fromCharCode(65 + index))
    .expr(query.expr)
    .legendFormat(query.legend ?? '__auto');
  if (query.instant) builder.instant();
  else builder.range();
  if (query.table) builder.format(PromQueryFormat.Table);
  return builder;
}

export { METRICS };
