/** `sockscope-gate` flags, validated: a bad one names itself (exit 2). */
import { parseArgs } from 'node:util';
import { z } from 'zod';

export interface GateArgs {
  scenario: string;
  target: string | null;
  slo: string | null;
  exporters: string[];
  prometheus: string | null;
  stack: string | null;
  baseline: string | null;
  out: string;
  duration: number | null;
  rate: number | null;
  /** Exporter API token for /metrics, when the exporters want one. */
  exporterToken: string | null;
  help: boolean;
}

export class UsageError extends Error {}

export const USAGE = `Usage: sockscope-gate --scenario <file|name> --target <url> --slo <file>
         [--exporters <url,url…> [--exporter-token <t>] | --prometheus <url> | --stack <stack.json>]
         [--baseline <report.json>] [--out <dir>] [--duration <seconds>] [--rate <arrivals/s>]

Runs an Artillery scenario, collects the server's numbers for the run's window, judges the SLO.
Exit 0: every objective holds. 1: one breaks. 2: the run could not happen.
With --stack, --target defaults to the stack's entry and exporters come from the file.`;

const httpUrl = (flag: string) =>
  z
    .string()
    .refine((v) => {
      try {
        return ['http:', 'https:', 'ws:', 'wss:'].includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `--${flag} must be an http(s) URL`);

const positive = (flag: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, `--${flag} must be a positive number`)
    .transform(Number)
    .refine((n) => n > 0, `--${flag} must be greater than 0`);

const schema = z
  .object({
    scenario: z.string({ message: '--scenario is required' }).min(1, '--scenario is required'),
    target: httpUrl('target').optional(),
    slo: z.string().min(1).optional(),
    exporters: z
      .string()
      .optional()
      .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []))
      .pipe(z.array(httpUrl('exporters'))),
    'exporter-token': z.string().min(1).optional(),
    prometheus: httpUrl('prometheus').optional(),
    stack: z.string().min(1).optional(),
    baseline: z.string().min(1).optional(),
    out: z.string().min(1).default('loadtest-report'),
    duration: positive('duration').optional(),
    rate: positive('rate').optional(),
    help: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    const sources = [v.exporters.length > 0, v.prometheus !== undefined, v.stack !== undefined].filter(Boolean).length;
    if (sources > 1 && !(v.stack !== undefined && sources === 2 && v.prometheus !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give one server-side source: --exporters, --prometheus or --stack' });
    }
    if (!v.target && !v.stack) ctx.addIssue({ code: 'custom', message: '--target is required (or --stack to use the stack entry)' });
  });

export function parseGateArgs(argv: string[]): GateArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        scenario: { type: 'string' },
        target: { type: 'string' },
        slo: { type: 'string' },
        exporters: { type: 'string' },
        'exporter-token': { type: 'string' },
        prometheus: { type: 'string' },
        stack: { type: 'string' },
        baseline: { type: 'string' },
        out: { type: 'string' },
        duration: { type: 'string' },
        rate: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values['help']) return { help: true } as GateArgs;
  const result = schema.safeParse(values);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new UsageError(issue?.message ?? 'invalid arguments');
  }
  const v = result.data;
  return {
    scenario: v.scenario,
    target: v.target ?? null,
    slo: v.slo ?? null,
    exporters: v.exporters,
    exporterToken: v['exporter-token'] ?? null,
    prometheus: v.prometheus ?? null,
    stack: v.stack ?? null,
    baseline: v.baseline ?? null,
    out: v.out,
    duration: v.duration ?? null,
    rate: v.rate ?? null,
    help: false,
  };
}
