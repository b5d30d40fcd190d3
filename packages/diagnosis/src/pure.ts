// The pure part only (no node:fs, no network): safe to bundle for a browser.
export { diagnose, impactScore, DETECTORS } from './diagnose.js';
export { DEFAULT_DIAGNOSE_OPTIONS } from './context.js';
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
