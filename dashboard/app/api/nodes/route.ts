/** The nodes as the live hub sees them (the same view the browser's feed carries). */
import { NextResponse } from 'next/server';
import { currentHub } from '@/lib/live/live-hub';

export const dynamic = 'force-dynamic';

export function GET() {
  const hub = currentHub();
  if (!hub)
    return NextResponse.json(
      { error: 'live hub not running (start the dashboard with its server)' },
      { status: 503 },
    );
  return NextResponse.json({ nodes: hub.nodes() }, { headers: { 'cache-control': 'no-store' } });
}
