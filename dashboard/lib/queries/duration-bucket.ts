/** Session-duration buckets used by the Disconnects breakdown (the same labels as the exporter's summary). */
export const DURATION_BUCKETS: { label: string; maxMs: number }[] = [
  { label: '<1s', maxMs: 1000 },
  { label: '1-10s', maxMs: 10_000 },
  { label: '10-60s', maxMs: 60_000 },
  { label: '1-10m', maxMs: 600_000 },
  { label: '10-60m', maxMs: 3_600_000 },
  { label: '>1h', maxMs: Number.POSITIVE_INFINITY },
];

export function durationBucket(ms: number): string {
  for (const b of DURATION_BUCKETS) if (ms < b.maxMs) return b.label;
  return '>1h';
}
