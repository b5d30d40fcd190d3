export {
  createRealtimeNode,
  type RealtimeNode,
  type RealtimeNodeOptions,
} from './realtime-node.js';
export { loadConfig } from './config/load-config.js';
export { ConfigError } from './config/config-error.js';
export type { ResolvedOptions as RealtimeConfig } from './config/options-schema.js';
export {
  serveClusterSequences,
  type ServeClusterSequencesOptions,
} from './sequences/cluster-sequences.js';
export { SEQUENCE_KEY_PREFIX } from './sequences/redis-sequences.js';
export { GATE_ERRORS } from './http/request-gate.js';
export { INTERNAL_ERROR } from './events/event-guard.js';
export { nodeIdOfSession } from './node-id.js';
export type { NodeStats } from './stats.js';
export type { AppServer, AppSocket } from './types.js';
