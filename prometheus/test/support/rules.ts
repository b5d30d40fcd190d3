import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}
export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
export type Rule = RecordingRule | AlertingRule;

export interface RuleFile {
  groups: { name: string; rules: Rule[] }[];
}

export interface AlertTestCase {
  eval_time: string;
  alertname: string;
  exp_alerts?: { exp_labels?: Record<string, string>; exp_annotations?: Record<string, string> }[];
}
export interface TestFile {
  rule_files: string[];
  evaluation_interval?: string;
  tests: {
    name?: string;
    alert_rule_test?: AlertTestCase[];
    promql_expr_test?: { expr: string; eval_time: string; exp_samples?: unknown[] }[];
  }[];
}

export const ROOT = path.resolve(import.meta.dirname, '../..');

export function yamlFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir))
    .filter((name) => name.endsWith('.yml'))
    .sort()
    .map((name) => path.join(dir, name));
}

export function loadYaml<T>(file: string): T {
  return parse(readFileSync(path.join(ROOT, file), 'utf8')) as T;
}

export function allRules(): Rule[] {
  return yamlFiles('rules').flatMap((file) =>
    loadYaml<RuleFile>(file).groups.flatMap((group) => group.rules),
  );
}

export const isAlert = (rule: Rule): rule is AlertingRule => 'alert' in rule;
export const isRecording = (rule: Rule): rule is RecordingRule => 'record' in rule;

/** Prometheus duration (`1h10m`, `90s`) in milliseconds. */
export function durationMs(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  let total = 0;
  for (const match of text.matchAll(/(\d+)(ms|s|m|h|d)/g))
    total += Number(match[1]) * (units[match[2] ?? 's'] ?? 0);
  return total;
}

const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'];
/** The contract metric a series name belongs to (`x_bucket` → `x` when `x` is a known histogram). */
export function baseMetric(name: string, histograms: readonly string[]): string {
  for (const suffix of HISTOGRAM_SUFFIXES) {
    const base = name.slice(0, -suffix.length);
    if (name.endsWith(suffix) && histograms.includes(base)) return base;
  }
  return name;
}

/** Series names an expression selects (shared with the dashboards' own check). */
export { seriesNames } from '@sockscope/grafana';
