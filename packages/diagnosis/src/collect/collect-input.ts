import { readFile } from 'node:fs/promises';
import type { StackFile } from '@sockscope/contracts';
import { z } from 'zod';
import type { DiagnosisInput, NodeInput } from '../types.js';
import { exporterApi, type ExporterTarget } from './exporter-api.js';
import { parseMetricsText } from './metrics-text.js';
import { nodeMetricsFromScrape } from './node-metrics.js';
import { nodeMetricsFromPrometheus } from './prometheus.js';

export interface CollectOptions {
  /** The exporters to read (one per node). Either this or `stackFile`. */
  exporters?: ExporterTarget[];
  /** Path of a `.sockscope/stack.json`; its exporters (and Prometheus, when set) are used. */
  stackFile?: string;
  /** Window start, epoch ms. */
  from: number;
  /** Window end, epoch ms. */
  to: number;
  /** Prometheus base URL for counter increases and event-loop history over the window. @default the stack file's, else none */
  prometheusUrl?: string;
  /** Per request. @default 10000 */
  timeoutMs?: number;
  /** Disconnect records read per node at most. @default 50000 */
  maxRecords?: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

const targetSchema = z.object({
  node: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }),
  token: z.string().min(1),
});

const optionsSchema = z
  .object({
    exporters: z.array(targetSchema).min(1).optional(),
    stackFile: z.string().min(1).optional(),
    from: z.number().int().nonnegative(),
    to: z.number().int().nonnegative(),
    prometheusUrl: z.url({ protocol: /^https?$/ }).optional(),
    timeoutMs: z.number().int().positive().max(600_000).optional(),
    maxRecords: z.number().int().positive().max(1_000_000).optional(),
  })
  .refine((o) => (o.exporters === undefined) !== (o.stackFile === undefined), {
    message: 'give exactly one of exporters or stackFile',
    path: ['exporters'],
  })
  .refine((o) => o.from <= o.to, { message: 'from must not be after to', path: ['from'] });

/** A wrong collector option; `parameter` names it. */
export class CollectOptionsError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(`collectDiagnosisInput: ${parameter}: ${message}`);
    this.name = 'CollectOptionsError';
  }
}

async function readStackFile(path: string): Promise<StackFile> {
  const parsed = z
    .object({
      exporters: z.array(targetSchema),
      prometheus: z.string().nullable().optional(),
    })
    .safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success)
    throw new CollectOptionsError('stackFile', `${path} has no valid exporters list`);
  return parsed.data as StackFile;
}

/**
 * Reads everything diagnose() needs for [from, to] from the exporters (and Prometheus when
 * given). An exporter that does not answer becomes a node with `status: null` and an `error`;
 * it never fails the whole collection.
 */
export async function collectDiagnosisInput(options: CollectOptions): Promise<DiagnosisInput> {
  const checked = optionsSchema.safeParse({ ...options, fetch: undefined });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new CollectOptionsError(String(issue?.path[0] ?? 'options'), issue?.message ?? 'invalid');
  }
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRecords = options.maxRecords ?? 50_000;
  let exporters = options.exporters ?? [];
  let prometheusUrl = options.prometheusUrl;
  if (options.stackFile !== undefined) {
    const stack = await readStackFile(options.stackFile);
    exporters = stack.exporters;
    prometheusUrl ??= stack.prometheus ?? undefined;
  }
  const { from, to } = options;
  const windowMetrics = prometheusUrl
    ? await nodeMetricsFromPrometheus(prometheusUrl, { from, to }, fetchImpl, timeoutMs).catch(
        () => null,
      )
    : null;

  const nodes = await Promise.all(
    exporters.map(async (target): Promise<NodeInput> => {
      const api = exporterApi(target, fetchImpl, timeoutMs);
      try {
        const [status, summary, disconnects, live, metricsText] = await Promise.all([
          api.status(),
          api.summary(from, to),
          api.disconnects(from, to, maxRecords),
          api.sessions(maxRecords),
          api.metricsText().catch(() => null),
        ]);
        const node = status.node ?? target.node;
        const scraped =
          metricsText === null ? null : nodeMetricsFromScrape(parseMetricsText(metricsText));
        return {
          node,
          status,
          disconnects: disconnects.items,
          truncated: disconnects.truncated,
          liveSessions: live.items,
          summary,
          metrics: windowMetrics?.get(node) ?? scraped,
        };
      } catch (error) {
        return {
          node: target.node,
          status: null,
          error: error instanceof Error ? error.message : String(error),
          disconnects: [],
          liveSessions: [],
          summary: null,
          metrics: null,
        };
      }
    }),
  );
  return { from, to, nodes };
}
