/** Judges every objective and regression bound; never throws on missing data (it breaks instead). */
import type { ClientNumbers, GateReport, ObjectiveResult, ServerNumbers } from './report-types.js';
import { resolveMetric } from './metric-ref.js';
import type { Operator, Slo } from './slo.js';

export function compare(value: number, op: Operator, bound: number): boolean {
  switch (op) {
    case '<':
      return value < bound;
    case '<=':
      return value <= bound;
    case '>':
      return value > bound;
    case '>=':
      return value >= bound;
    case '==':
      return value === bound;
    case '!=':
      return value !== bound;
  }
}

export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(1) : String(Number(value.toPrecision(4)));
}

function result(name: string, kind: ObjectiveResult['kind'], metric: string, op: Operator, bound: number, resolved: { value: number | null; missing?: string }): ObjectiveResult {
  const holds = resolved.value !== null && compare(resolved.value, op, bound);
  const measured = resolved.value === null ? `no value (${resolved.missing ?? 'missing'})` : formatNumber(resolved.value);
  return { name, kind, metric, op, bound, value: resolved.value, holds, message: `${metric} = ${measured} (bound ${op} ${formatNumber(bound)})` };
}

export function judge(slo: Slo, client: ClientNumbers, server: ServerNumbers | null, baseline: GateReport | null): ObjectiveResult[] {
  const results = slo.objectives.map((o) => result(o.name, 'objective', o.metric, o.op, o.value, resolveMetric(o.metric, client, server)));
  if (!baseline) return results;
  for (const r of slo.regressions) {
    const before = resolveMetric(r.metric, baseline.client, baseline.server);
    const now = resolveMetric(r.metric, client, server);
    if (before.value === null) {
      results.push(result(r.name, 'regression', r.metric, '<=', NaN, { value: null, missing: `baseline has no value: ${before.missing ?? ''}` }));
      continue;
    }
    if (r.maxIncrease) {
      const bound = r.maxIncrease.relative ? before.value * (1 + r.maxIncrease.amount) : before.value + r.maxIncrease.amount;
      results.push(result(r.name, 'regression', r.metric, '<=', bound, now));
    }
    if (r.maxDecrease) {
      const bound = r.maxDecrease.relative ? before.value * (1 - r.maxDecrease.amount) : before.value - r.maxDecrease.amount;
      results.push(result(r.name, 'regression', r.metric, '>=', bound, now));
    }
  }
  return results;
}
