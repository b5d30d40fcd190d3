/**
 * The current set of exporters, rediscovered at most every few seconds (the local stack may
 * restart with new ports; Prometheus may learn new targets).
 */
import { dashboardConfig } from '../config';
import { discoverExporters, type ExporterTarget } from './discovery';
import { createExporterClient, type ExporterClient } from './exporter-client';

const REFRESH_MS = 5000;

interface RegistryState {
  at: number;
  targets: ExporterTarget[];
  clients: ExporterClient[];
  pending: Promise<ExporterTarget[]> | null;
}

const globalKey = Symbol.for('sockscope.dashboard.exporter-registry');
type WithRegistry = typeof globalThis & { [globalKey]?: RegistryState };

function state(): RegistryState {
  const g = globalThis as WithRegistry;
  g[globalKey] ??= { at: 0, targets: [], clients: [], pending: null };
  return g[globalKey];
}

/** The exporters to ask now. */
export async function exporterTargets(): Promise<ExporterTarget[]> {
  const s = state();
  // An empty list is re-read sooner: the stack file fills in as the stack starts.
  const refresh = s.targets.length > 0 ? REFRESH_MS : 1000;
  if (Date.now() - s.at < refresh && s.at > 0) return s.targets;
  if (!s.pending) {
    const c = dashboardConfig();
    s.pending = discoverExporters({
      exporters: c.exporters,
      stackFile: c.stackFile,
      prometheusUrl: c.prometheusUrl,
      exporterToken: c.exporterToken,
    })
      .catch(() => s.targets)
      .then((targets) => {
        const changed = JSON.stringify(targets) !== JSON.stringify(s.targets);
        s.targets = targets;
        if (changed || s.clients.length !== targets.length)
          s.clients = targets.map((target) => createExporterClient({ target }));
        s.at = Date.now();
        s.pending = null;
        return targets;
      });
  }
  return s.pending;
}

/** One client per exporter. */
export async function exporterClients(): Promise<ExporterClient[]> {
  await exporterTargets();
  return state().clients;
}
