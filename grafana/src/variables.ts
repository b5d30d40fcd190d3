import {
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
  type DatasourceVariableBuilder,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { METRICS } from '@sockscope/contracts';
import { PROMETHEUS, datasourceVariable } from './datasource.js';

/** Label matchers every query applies, so the `node` and `namespace` variables filter panels. */
export const NODE = 'node=~"$node"';
export const NAMESPACE = 'namespace=~"$namespace"';

function labelVariable(name: string, label: string, query: string): QueryVariableBuilder {
  return new QueryVariableBuilder(name)
    .label(label)
    .datasource(PROMETHEUS)
    .query({ query, refId: `${name}-values` })
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current({ selected: true, text: 'All', value: '$__all' });
}

/** `datasource`, `node` and `namespace`, in that order, for every dashboard. */
export function standardVariables(): (DatasourceVariableBuilder | QueryVariableBuilder)[] {
  return [
    datasourceVariable(),
    labelVariable('node', 'Node', `label_values(${METRICS.targetUp}, node)`),
    labelVariable('namespace', 'Namespace', `label_values(${METRICS.eventsTotal}, namespace)`),
  ];
}
