import type { Dashboard, Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboards } from './catalog.js';

/** One query of one panel, as Grafana would send it (before variable expansion). */
export interface PanelQuery {
  dashboard: string;
  dashboardUid: string;
  panelId: number;
  panel: string;
  refId: string;
  expr: string;
  instant: boolean;
}

interface PromTarget {
  expr?: unknown;
  refId?: unknown;
  instant?: unknown;
}

function isPanel(value: unknown): value is Panel {
  return typeof value === 'object' && value !== null && 'type' in value;
}

/** Every PromQL query of every panel of the given dashboards (default: all of them). */
export function panelQueries(
  list: Dashboard[] = dashboards().map((d) => d.dashboard),
): PanelQuery[] {
  return list.flatMap((dashboard) =>
    (dashboard.panels ?? []).filter(isPanel).flatMap((panel) =>
      ((panel.targets ?? []) as PromTarget[]).map((target) => ({
        dashboard: dashboard.title ?? '',
        dashboardUid: dashboard.uid ?? '',
        panelId: panel.id ?? -1,
        panel: panel.title ?? '',
        refId: typeof target.refId === 'string' ? target.refId : '',
        expr: typeof target.expr === 'string' ? target.expr : '',
        instant: target.instant === true,
      })),
    ),
  );
}

export interface ExpandOptions {
  /** Regex for `$node` (all nodes). @default '.*' */
  node?: string;
  /** Regex for `$namespace`. @default '.*' */
  namespace?: string;
  /** Value of `$__rate_interval` (Grafana: max(4 × scrape interval, step + scrape interval)). @default '1m' */
  rateInterval?: string;
  /** Value of `$__range` (the dashboard's time range). @default '5m' */
  range?: string;
}

/**
 * A panel query with Grafana's variables replaced, ready for Prometheus' HTTP API
 * (`/api/v1/query?query=…`): how an end-to-end test runs every panel against a real Prometheus.
 */
export function expandQuery(expr: string, options: ExpandOptions = {}): string {
  return expr
    .replaceAll('$__rate_interval', options.rateInterval ?? '1m')
    .replaceAll('$__range', options.range ?? '5m')
    .replaceAll('$node', options.node ?? '.*')
    .replaceAll('$namespace', options.namespace ?? '.*');
}
