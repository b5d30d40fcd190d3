export * from './pure.js';
export {
  collectDiagnosisInput,
  CollectOptionsError,
  type CollectOptions,
} from './collect/collect-input.js';
export type { ExporterTarget } from './collect/exporter-api.js';
