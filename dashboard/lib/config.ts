/**
 * The dashboard's configuration, read once from the environment. Bad configuration fails fast
 * with a message that says what to set.
 */
import { z } from 'zod';

export interface DashboardConfig {
  /** The sign-in token (`SOCKSCOPE_DASHBOARD_TOKEN`). Required. */
  token: string;
  /** `SOCKSCOPE_EXPORTERS`: `node=url#token,…` or JSON. @default null */
  exporters: string | null;
  /** `SOCKSCOPE_STACK_FILE`. @default null (then `.sockscope/stack.json` when it exists) */
  stackFile: string | null;
  /** `PROMETHEUS_URL`, for ranges longer than the live window. @default null */
  prometheusUrl: string | null;
  /** `SOCKSCOPE_EXPORTER_API_TOKEN`: API token for exporters found through Prometheus. @default null */
  exporterToken: string | null;
  /** `SOCKSCOPE_LOAD_TEST_RUNS`: directory of load-test gate runs. @default null */
  loadTestRunsDir: string | null;
  /** Session lifetime in seconds (`SOCKSCOPE_SESSION_TTL`). @default 43200 (12 h) */
  sessionTtlSeconds: number;
}

const optional = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : null));

const schema = z.object({
  SOCKSCOPE_DASHBOARD_TOKEN: z
    .string({ error: 'SOCKSCOPE_DASHBOARD_TOKEN is required: set it to the sign-in token' })
    .min(16, 'SOCKSCOPE_DASHBOARD_TOKEN must be at least 16 characters'),
  SOCKSCOPE_EXPORTERS: optional,
  SOCKSCOPE_STACK_FILE: optional,
  PROMETHEUS_URL: optional,
  SOCKSCOPE_EXPORTER_API_TOKEN: optional,
  SOCKSCOPE_LOAD_TEST_RUNS: optional,
  SOCKSCOPE_SESSION_TTL: z.coerce.number().int().positive().optional(),
});

export function readDashboardConfig(
  env: Record<string, string | undefined> = process.env,
): DashboardConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `dashboard configuration: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`,
    );
  }
  const v = parsed.data;
  return {
    token: v.SOCKSCOPE_DASHBOARD_TOKEN,
    exporters: v.SOCKSCOPE_EXPORTERS,
    stackFile: v.SOCKSCOPE_STACK_FILE,
    prometheusUrl: v.PROMETHEUS_URL,
    exporterToken: v.SOCKSCOPE_EXPORTER_API_TOKEN,
    loadTestRunsDir: v.SOCKSCOPE_LOAD_TEST_RUNS,
    sessionTtlSeconds: v.SOCKSCOPE_SESSION_TTL ?? 43_200,
  };
}

let cached: DashboardConfig | null = null;

/** The process's configuration (cached). */
export function dashboardConfig(): DashboardConfig {
  cached ??= readDashboardConfig();
  return cached;
}
