/**
 * The diagnosis findings for the run's window, when the gate knows the exporters (with their
 * API tokens): the same ranked findings as the dashboard's Disconnects page and
 * `sockscope-diagnose`. Never fails the run: a diagnosis that cannot be made is reported as such.
 */
import { collectDiagnosisInput, diagnose, type Finding } from '@sockscope/diagnosis';

export interface GateFindings {
  /** Ranked by impact, as `diagnose()` returns them. */
  items: Finding[];
  /** Nodes whose exporter did not answer (the findings are then partial). */
  missingNodes: string[];
}

export interface RunFindingsOptions {
  /** A stack file (its exporters and Prometheus). Either this or `exporters`. */
  stackFile?: string;
  /** Exporters with their API tokens. */
  exporters?: { node: string; url: string; token: string }[];
  /** Window, epoch ms. */
  from: number;
  to: number;
  /** Per request. @default 10000 */
  timeoutMs?: number;
}

export async function runFindings(options: RunFindingsOptions): Promise<GateFindings> {
  const input = await collectDiagnosisInput({
    ...(options.stackFile ? { stackFile: options.stackFile } : { exporters: options.exporters ?? [] }),
    from: options.from,
    to: options.to,
    timeoutMs: options.timeoutMs ?? 10_000,
  });
  return {
    items: diagnose(input),
    missingNodes: input.nodes.filter((n) => n.status === null).map((n) => n.node),
  };
}
