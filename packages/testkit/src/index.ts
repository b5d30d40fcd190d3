export { freePort } from './free-port.js';
export {
  startPrometheus,
  type PrometheusServer,
  type StartPrometheusOptions,
} from './prometheus.js';
export { waitFor, type WaitForOptions } from './wait-for.js';
export { requireBinary } from './require-binary.js';
export { stopAll, type ExitStatus, type TrackedProcess } from './processes.js';
export { startRedis, type RedisServer, type StartRedisOptions } from './redis.js';
export {
  renderHaproxyConfig,
  startHaproxy,
  type Haproxy,
  type HaproxyBackend,
  type HaproxyOptions,
} from './haproxy.js';
export {
  spawnRealtimeNode,
  realtimeMainPath,
  type RealtimeNodeProcess,
  type SpawnRealtimeNodeOptions,
} from './realtime-node.js';
export { mintToken, type MintTokenOptions } from './token.js';
export { startStack, type RunningStack, type StartStackOptions } from './stack.js';
export { connectClient, nodeOf, type ClientSocket, type ConnectClientOptions } from './clients.js';
export {
  runPollingSessions,
  type PollingSessionsOptions,
  type PollingSessionsResult,
} from './polling-sessions.js';
