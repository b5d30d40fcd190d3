import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { dashboardConfig } from '@/lib/config';
import { overviewRange } from '@/lib/prometheus/overview-range';

export const dynamic = 'force-dynamic';

const RANGE_MS = {
  '1h': 3_600_000,
  '6h': 21_600_000,
  '24h': 86_400_000,
  '7d': 604_800_000,
} as const;
const query = z.object({ range: z.enum(['1h', '6h', '24h', '7d']) });

export async function GET(request: NextRequest) {
  const parsed = query.safeParse({ range: request.nextUrl.searchParams.get('range') ?? undefined });
  if (!parsed.success)
    return NextResponse.json(
      { error: 'range must be one of 1h, 6h, 24h, 7d', parameter: 'range' },
      { status: 400 },
    );
  const prometheusUrl = dashboardConfig().prometheusUrl;
  if (!prometheusUrl)
    return NextResponse.json({ error: 'PROMETHEUS_URL is not set' }, { status: 404 });
  try {
    const ticks = await overviewRange({ prometheusUrl, rangeMs: RANGE_MS[parsed.data.range] });
    return NextResponse.json({ ticks }, { headers: { 'cache-control': 'no-store' } });
  } catch {
    return NextResponse.json({ error: 'Prometheus did not answer' }, { status: 502 });
  }
}
