export { assemble, type DashboardSpec, type GeneratedDashboard } from './assemble.js';
export { dashboards, dashboardPath, dashboardJson } from './catalog.js';
export { panelQueries, expandQuery, type PanelQuery, type ExpandOptions } from './panel-queries.js';
export { seriesNames } from './promql-names.js';
export { GATE_RUN_TAG } from './annotations.js';
export { PROMETHEUS, PROVISIONED_DATASOURCE_UID } from './datasource.js';
export { recordingRules, recordingRuleNames, DEFAULT_RULES_DIR } from './recording-rules.js';
