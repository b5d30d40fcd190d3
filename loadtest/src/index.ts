export { runGate, type GateIo, type GateOutcome } from './gate/run-gate.js';
export { parseGateArgs, UsageError, USAGE, type GateArgs } from './gate/cli-args.js';
export { parseSlo, loadSlo, type Slo, type Objective, type Regression } from './gate/slo.js';
export { judge } from './gate/judge.js';
export type { GateReport, ServerNumbers, ClientNumbers, ObjectiveResult } from './gate/report-types.js';
export { CLIENT_COUNTERS, CLIENT_HISTOGRAMS, DERIVED_RATIOS } from './client-metrics.js';
export { parsePromText } from './gate/collect/prom-text.js';
