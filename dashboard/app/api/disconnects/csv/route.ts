/** CSV export of the disconnect log with the Disconnects page's filters. */
import { NextResponse, type NextRequest } from 'next/server';
import { disconnectCsvHeader, disconnectCsvRow } from '@/lib/csv';
import { exporterClients } from '@/lib/queries/clients';
import { parseDisconnectFilters } from '@/lib/queries/disconnect-filters';
import { queryDisconnects } from '@/lib/queries/disconnects';

export const dynamic = 'force-dynamic';

const MAX_ROWS = 100_000;

export async function GET(request: NextRequest) {
  const parsed = parseDisconnectFilters(request.nextUrl.searchParams, Date.now(), MAX_ROWS);
  if (!parsed.ok)
    return NextResponse.json({ error: parsed.error, parameter: parsed.parameter }, { status: 400 });
  try {
    const result = await queryDisconnects(await exporterClients(), {
      ...parsed.value,
      limit: Math.min(parsed.value.limit, MAX_ROWS),
    });
    let body = disconnectCsvHeader();
    for (const r of result.items) body += disconnectCsvRow(r);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return new NextResponse(body, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="disconnects-${stamp}.csv"`,
        'cache-control': 'no-store',
        ...(result.partial ? { 'x-sockscope-missing-nodes': result.missing.join(',') } : {}),
      },
    });
  } catch {
    return NextResponse.json({ error: 'the exporters could not be queried' }, { status: 502 });
  }
}
