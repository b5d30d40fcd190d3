/**
 * The diagnosis findings for a time window, made on the server: the exporters (with their
 * tokens, which never leave the server) are read by `collectDiagnosisInput` and ranked by
 * `diagnose()`. The page gets plain findings and the nodes that did not answer.
 */
import {
  collectDiagnosisInput,
  diagnose,
  type DiagnoseOptions,
  type Finding,
} from '@sockscope/diagnosis';
import type { ExporterTarget } from './exporters/discovery';
import { EXPORTER_TIMEOUT_MS } from './exporters/exporter-client';

export interface FindingsOptions {
  /** Window, epoch ms. */
  from: number;
  to: number;
  /** Prometheus base URL for window increases and the event-loop history. @default none */
  prometheusUrl?: string | null;
  /** Per exporter request. @default EXPORTER_TIMEOUT_MS */
  timeoutMs?: number;
  /** Disconnect records read per node at most (a page render, not a report). @default 20000 */
  maxRecords?: number;
  /** The nodes' heartbeat and the confidence floor. @default diagnose()'s defaults */
  diagnose?: DiagnoseOptions;
}

export interface FindingsResult {
  from: number;
  to: number;
  /** Ranked by impact. */
  findings: Finding[];
  /** Nodes whose exporter did not answer: the findings leave them out. */
  missing: string[];
  /** Why no diagnosis could be made at all (a short message, never a token). */
  error: string | null;
}

export async function queryFindings(
  targets: readonly ExporterTarget[],
  options: FindingsOptions,
): Promise<FindingsResult> {
  const base = { from: options.from, to: options.to, findings: [], missing: [], error: null };
  if (targets.length === 0) return base;
  try {
    const input = await collectDiagnosisInput({
      exporters: targets.map((t) => ({ node: t.node, url: t.url, token: t.token })),
      from: options.from,
      to: options.to,
      timeoutMs: options.timeoutMs ?? EXPORTER_TIMEOUT_MS,
      maxRecords: options.maxRecords ?? 20_000,
      ...(options.prometheusUrl ? { prometheusUrl: options.prometheusUrl } : {}),
    });
    return {
      ...base,
      findings: diagnose(input, options.diagnose),
      missing: input.nodes.filter((n) => n.status === null).map((n) => n.node),
    };
  } catch (error) {
    // collectDiagnosisInput only throws on bad options; say so without echoing targets.
    return { ...base, error: `the diagnosis could not be made (${(error as Error).name})` };
  }
}
