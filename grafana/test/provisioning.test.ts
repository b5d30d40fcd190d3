import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROVISIONED_DATASOURCE_UID } from '../src/index.js';
import { GRAFANA, readYaml } from './support/paths.js';

interface DatasourceFile {
  apiVersion: number;
  datasources: { name: string; uid: string; type: string; url: string; isDefault?: boolean }[];
}
interface DashboardsFile {
  apiVersion: number;
  providers: {
    name: string;
    type: string;
    options: { path: string; foldersFromFilesStructure?: boolean };
  }[];
}

describe('provisioning', () => {
  it('provisions the Prometheus data source the dashboards default to', () => {
    const file = readYaml<DatasourceFile>(
      path.join(GRAFANA, 'provisioning/datasources/prometheus.yml'),
    );
    expect(file.apiVersion).toBe(1);
    expect(file.datasources).toHaveLength(1);
    expect(file.datasources[0]).toMatchObject({
      uid: PROVISIONED_DATASOURCE_UID,
      type: 'prometheus',
      isDefault: true,
    });
    expect(file.datasources[0]?.url).toBe('${PROMETHEUS_URL}');
  });

  it('provisions the dashboards with one Grafana folder per directory', () => {
    const file = readYaml<DashboardsFile>(
      path.join(GRAFANA, 'provisioning/dashboards/sockscope.yml'),
    );
    expect(file.apiVersion).toBe(1);
    expect(file.providers[0]).toMatchObject({
      type: 'file',
      options: { path: '/var/lib/grafana/dashboards', foldersFromFilesStructure: true },
    });
  });
});
