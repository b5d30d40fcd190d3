import type { GeneratedDashboard } from './assemble.js';
import { disconnectInvestigation } from './dashboards/disconnect-investigation.js';
import { fleetOverview } from './dashboards/fleet-overview.js';
import { loadTestRuns } from './dashboards/load-test-runs.js';
import { nodeDetail } from './dashboards/node-detail.js';

/** Every dashboard, in the order they are generated. */
export function dashboards(): GeneratedDashboard[] {
  return [fleetOverview(), disconnectInvestigation(), nodeDetail(), loadTestRuns()];
}

/** Path of a dashboard's JSON relative to grafana/dashboards/. */
export function dashboardPath(generated: GeneratedDashboard): string {
  return `${generated.folder}/${generated.file}.json`;
}

/** The JSON text written for a dashboard (stable: 2-space indent, trailing newline). */
export function dashboardJson(generated: GeneratedDashboard): string {
  return `${JSON.stringify(generated.dashboard, null, 2)}\n`;
}
