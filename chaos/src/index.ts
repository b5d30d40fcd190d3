export { formatResult, type CaseContext, type CaseResult, type ChaosCase } from './chaos-case.js';
export { CASES } from './cases/index.js';
export { runCase, type CaseOutcome } from './run-cases.js';
