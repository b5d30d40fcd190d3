/** Duration buckets of `/api/summary` (label → upper bound in ms, exclusive). */
export const DURATION_BUCKETS: ReadonlyArray<readonly [string, number]> = [
  ['<1s', 1_000],
  ['1-10s', 10_000],
  ['10-60s', 60_000],
  ['1-10m', 600_000],
  ['10-60m', 3_600_000],
  ['>=1h', Number.POSITIVE_INFINITY],
];

export function durationBucket(ms: number): string {
  for (const [label, bound] of DURATION_BUCKETS) if (ms < bound) return label;
  return '>=1h';
}
