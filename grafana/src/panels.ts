import { PanelBuilder as BarChartBuilder } from '@grafana/grafana-foundation-sdk/barchart';
import {
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  SortOrder,
  StackingMode,
  StackingConfigBuilder,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TableBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { PROMETHEUS } from './datasource.js';
import { target, type Query } from './queries.js';

export interface PanelOptions {
  /** Grafana unit id, e.g. `short`, `s`, `percentunit`, `Bps`, `reqps`. @default 'short' */
  unit?: string;
  description?: string;
  /** Width in grid columns (of 24). @default 12 */
  width?: number;
  /** Height in grid rows. @default 8 */
  height?: number;
  /** Stack the series (timeseries only). @default false */
  stacked?: boolean;
}

export type AnyPanel = TimeseriesBuilder | StatBuilder | TableBuilder | BarChartBuilder;

function legend(): VizLegendOptionsBuilder {
  return new VizLegendOptionsBuilder()
    .showLegend(true)
    .displayMode(LegendDisplayMode.Table)
    .placement(LegendPlacement.Bottom)
    .calcs(['mean', 'max', 'lastNotNull']);
}

function tooltip(): VizTooltipOptionsBuilder {
  return new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending);
}

export function timeseries(
  title: string,
  queries: Query[],
  options: PanelOptions = {},
): TimeseriesBuilder {
  const panel = new TimeseriesBuilder()
    .title(title)
    .datasource(PROMETHEUS)
    .targets(queries.map(target))
    .unit(options.unit ?? 'short')
    .span(options.width ?? 12)
    .height(options.height ?? 8)
    .legend(legend())
    .tooltip(tooltip())
    .fillOpacity(options.stacked ? 30 : 10)
    .lineWidth(1);
  if (options.stacked) panel.stacking(new StackingConfigBuilder().mode(StackingMode.Normal));
  if (options.description) panel.description(options.description);
  return panel;
}

export function stat(title: string, query: Query, options: PanelOptions = {}): StatBuilder {
  const panel = new StatBuilder()
    .title(title)
    .datasource(PROMETHEUS)
    .targets([target({ ...query, instant: false }, 0)])
    .unit(options.unit ?? 'short')
    .span(options.width ?? 6)
    .height(options.height ?? 4)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
  if (options.description) panel.description(options.description);
  return panel;
}

/** Instant table: one row per label set, the value in the last column. */
export function table(title: string, queries: Query[], options: PanelOptions = {}): TableBuilder {
  const panel = new TableBuilder()
    .title(title)
    .datasource(PROMETHEUS)
    .targets(queries.map((query, i) => target({ ...query, instant: true, table: true }, i)))
    .unit(options.unit ?? 'short')
    .span(options.width ?? 12)
    .height(options.height ?? 8)
    .withTransformation({ id: 'organize', options: { excludeByName: { Time: true } } });
  if (options.description) panel.description(options.description);
  return panel;
}

/** Bar per label value of an instant query (e.g. disconnects per reason over the range). */
export function bars(
  title: string,
  query: Query,
  xField: string,
  options: PanelOptions = {},
): BarChartBuilder {
  const panel = new BarChartBuilder()
    .title(title)
    .datasource(PROMETHEUS)
    .targets([target({ ...query, instant: true, table: true }, 0)])
    .unit(options.unit ?? 'short')
    .span(options.width ?? 12)
    .height(options.height ?? 8)
    .xField(xField)
    .withTransformation({ id: 'organize', options: { excludeByName: { Time: true } } });
  if (options.description) panel.description(options.description);
  return panel;
}
