import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { DatasourceVariableBuilder } from '@grafana/grafana-foundation-sdk/dashboard';

/** uid of the Prometheus data source in provisioning/datasources/prometheus.yml. */
export const PROVISIONED_DATASOURCE_UID = 'sockscope-prometheus';

/** Every panel and variable queries the Prometheus chosen in the `datasource` variable. */
export const PROMETHEUS: DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

export function datasourceVariable(): DatasourceVariableBuilder {
  return new DatasourceVariableBuilder('datasource')
    .label('Data source')
    .type('prometheus')
    .current({ selected: true, text: 'Prometheus', value: PROVISIONED_DATASOURCE_UID });
}
