/**
 * The SLO file: objectives on client and server metrics, and regression bounds against a
 * baseline report. Objectives are written `metric op number` (a string) or as an object.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';

export const OPERATORS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type Operator = (typeof OPERATORS)[number];

export interface Objective {
  name: string;
  metric: string;
  op: Operator;
  value: number;
}

export interface Regression {
  name: string;
  metric: string;
  /** Bound relative to the baseline: a fraction (0.2 = +20%) when `relative`, else absolute units. */
  maxIncrease?: { amount: number; relative: boolean };
  maxDecrease?: { amount: number; relative: boolean };
}

export interface Slo {
  name: string;
  objectives: Objective[];
  regressions: Regression[];
}

const EXPRESSION = /^\s*(.+?)\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/i;

export function parseExpression(text: string): Omit<Objective, 'name'> {
  const match = EXPRESSION.exec(text);
  if (!match) throw new Error(`cannot read objective "${text}": expected "<metric> <op> <number>", e.g. "delivery_latency.p99 < 250"`);
  return { metric: match[1] as string, op: match[2] as Operator, value: Number(match[3]) };
}

const amount = z.union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?%?$/, 'a number or a percentage like "20%"')]);

const objectiveSchema = z.union([
  z.string().min(1),
  z.object({ name: z.string().optional(), expr: z.string().min(1) }).strict(),
  z.object({ name: z.string().optional(), metric: z.string().min(1), op: z.enum(OPERATORS), value: z.number() }).strict(),
]);

const regressionSchema = z
  .object({
    name: z.string().optional(),
    metric: z.string().min(1),
    max_increase: amount.optional(),
    max_decrease: amount.optional(),
  })
  .strict()
  .refine((r) => r.max_increase !== undefined || r.max_decrease !== undefined, 'needs max_increase or max_decrease');

export const sloSchema = z
  .object({
    name: z.string().optional(),
    description: z.string().optional(),
    objectives: z.array(objectiveSchema).min(1),
    regressions: z.array(regressionSchema).default([]),
  })
  .strict();

function toAmount(value: number | string | undefined): { amount: number; relative: boolean } | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return { amount: value, relative: false };
  return value.endsWith('%') ? { amount: Number(value.slice(0, -1)) / 100, relative: true } : { amount: Number(value), relative: false };
}

export function parseSlo(text: string, fallbackName = 'slo'): Slo {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new Error(`invalid SLO file: not YAML (${(error as Error).message.split('\n')[0] ?? ''})`);
  }
  const result = sloSchema.safeParse(doc);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`invalid SLO file at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'unknown error'}`);
  }
  const objectives = result.data.objectives.map((o): Objective => {
    if (typeof o === 'string') return { name: o.trim(), ...parseExpression(o) };
    if ('expr' in o) return { name: o.name ?? o.expr.trim(), ...parseExpression(o.expr) };
    return { name: o.name ?? `${o.metric} ${o.op} ${o.value}`, metric: o.metric, op: o.op, value: o.value };
  });
  const regressions = result.data.regressions.map((r): Regression => {
    const maxIncrease = toAmount(r.max_increase);
    const maxDecrease = toAmount(r.max_decrease);
    const bound = r.max_increase !== undefined ? `+${String(r.max_increase)}` : `-${String(r.max_decrease)}`;
    return {
      name: r.name ?? `${r.metric} vs baseline (${bound})`,
      metric: r.metric,
      ...(maxIncrease ? { maxIncrease } : {}),
      ...(maxDecrease ? { maxDecrease } : {}),
    };
  });
  return { name: result.data.name ?? fallbackName, objectives, regressions };
}

export async function loadSlo(path: string): Promise<Slo> {
  const name = path.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
  return parseSlo(await readFile(path, 'utf8'), name);
}
