import type { ChaosCase } from '../chaos-case.js';
import { connectionFlood } from './connection-flood.js';
import { dashboardExporterGone } from './dashboard-exporter-gone.js';
import { drainOneOfThree } from './drain-one-of-three.js';
import { existingTest } from './existing-test.js';
import { parserFuzz } from './parser-fuzz.js';
import { redisRestart } from './redis-restart.js';
import { sigkillOneNode } from './sigkill-one-node.js';
import { soak } from './soak.js';
import { exporterApiTokenGuard, instrumentTokenGuard } from './token-guards.js';

/** Every case, in the issue's priority order. */
export const CASES: readonly ChaosCase[] = [
  drainOneOfThree,
  sigkillOneNode,
  connectionFlood,
  parserFuzz,
  instrumentTokenGuard,
  exporterApiTokenGuard,
  redisRestart,
  existingTest({
    name: 'exporter-sigkill-restart',
    issueCase: 4,
    workspace: 'exporter',
    file: 'test/sigkill-restart.test.ts',
  }),
  dashboardExporterGone,
  existingTest({
    name: 'dashboard-exporter-gone',
    issueCase: 5,
    workspace: 'dashboard',
    // the whole file: its last test uses the disconnects the earlier ones made
    file: 'test/real-exporter.test.ts',
  }),
  existingTest({
    name: 'event-flood',
    issueCase: 7,
    workspace: 'realtime',
    file: 'test/rate-limit.test.ts',
  }),
  existingTest({
    name: 'foreign-origin',
    issueCase: 9,
    workspace: 'realtime',
    file: 'test/origin.test.ts',
  }),
  existingTest({
    name: 'bad-jwts',
    issueCase: 10,
    workspace: 'realtime',
    file: 'test/auth.test.ts',
  }),
  existingTest({
    name: 'cardinality',
    issueCase: 12,
    workspace: 'exporter',
    file: 'test/series-bounded.test.ts',
    timeoutMs: 300_000,
  }),
  soak,
];
