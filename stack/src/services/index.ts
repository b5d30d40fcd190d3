import type { StackService } from '../stack-context.js';
import { dashboardService } from './dashboard.js';
import { demoTrafficService } from './demo-traffic.js';
import { entryService } from './entry.js';
import { exportersService } from './exporters.js';
import { nodesService } from './nodes.js';
import { prometheusService } from './prometheus.js';

/**
 * The parts of the local stack, started in this order and stopped in reverse. A new part is
 * one file in this folder exporting a StackService, and one line here.
 */
export const SERVICES: readonly StackService[] = [
  nodesService,
  entryService,
  exportersService,
  prometheusService,
  dashboardService,
  demoTrafficService,
];
