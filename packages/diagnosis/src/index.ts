export { diagnose, impactScore, DETECTORS } from './diagnose.js';
export { DEFAULT_DIAGNOSE_OPTIONS } from './context.js';
export {
  collectDiagnosisInput,
  CollectOptionsError,
  type CollectOptions,
} from './collect/collect-input.js';
export type { ExporterTarget } from './collect/exporter-api.js';
export { formatFindings } from './cli/format.js';
export type {
  DiagnoseOptions,
  DiagnosisInput,
  Evidence,
  Finding,
  NodeInput,
  NodeMetrics,
  Severity,
} from './types.js';
