import type { Metadata } from 'next';
import Link from 'next/link';
import { DisconnectsCharts } from '@/components/disconnects-charts';
import { EmptyState } from '@/components/empty-state';
import { FindingsList } from '@/components/findings-list';
import { LiveRefresh } from '@/components/live-refresh';
import { LocalTime } from '@/components/local-time';
import { PartialNotice } from '@/components/partial-notice';
import { dashboardConfig } from '@/lib/config';
import { exporterTargets } from '@/lib/exporters/registry';
import { queryFindings } from '@/lib/findings';
import { formatDuration, formatInt } from '@/lib/format';
import { exporterClients } from '@/lib/queries/clients';
import {
  filtersToSearch,
  parseDisconnectFilters,
  RANGES,
  type DisconnectFilters,
} from '@/lib/queries/disconnect-filters';
import { breakdowns, queryDisconnects } from '@/lib/queries/disconnects';

export const metadata: Metadata = { title: 'Disconnects' };
export const dynamic = 'force-dynamic';

const TABLE_ROWS = 500;

export default async function DisconnectsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const parsed = parseDisconnectFilters(await searchParams, Date.now(), 5000);
  if (!parsed.ok) {
    return (
      <>
        <h1>Disconnects</h1>
        <p role="alert" className="error">
          The filter <code>{parsed.parameter}</code> is not valid.{' '}
          <Link href="/disconnects">Reset the filters</Link>
        </p>
      </>
    );
  }
  const f = parsed.value;
  const clients = await exporterClients();
  // The findings cover the whole window (every node, every user); the filters narrow the table.
  const [result, findings] = await Promise.all([
    queryDisconnects(clients, f),
    exporterTargets().then((targets) =>
      queryFindings(targets, {
        from: f.from,
        to: f.to,
        prometheusUrl: dashboardConfig().prometheusUrl,
      }),
    ),
  ]);
  const data = breakdowns(result.items, f.from, f.to);
  const active = (
    ['reason', 'user', 'node', 'transport', 'clientVersion', 'durationBucket'] as const
  ).filter((k) => f[k]);

  return (
    <>
      <h1>Disconnects</h1>
      <LiveRefresh enabled={f.range !== null} />
      <FilterForm f={f} nodes={clients.map((c) => c.node)} reasons={Object.keys(data.byReason)} />
      {active.length > 0 ? (
        <p className="muted" aria-label="Active filters">
          Filtered by {active.map((k) => `${k} = ${f[k]}`).join(', ')} ·{' '}
          <Link href={`/disconnects?${filtersToSearch({ range: f.range ?? '1h' })}`}>clear</Link>
        </p>
      ) : null}
      <PartialNotice missing={result.missing} />
      {clients.length === 0 ? (
        <EmptyState title="No exporters found">
          Start the local stack (<code>npm start</code>) or set <code>SOCKSCOPE_EXPORTERS</code> for
          the dashboard server.
        </EmptyState>
      ) : (
        <>
          <FindingsList result={findings} />
          <div className="cards">
            <div className="card" role="group" aria-label="Disconnects in range">
              <div className="label">Disconnects{result.truncated ? ' (latest, capped)' : ''}</div>
              <div className="value">{formatInt(data.total)}</div>
            </div>
          </div>
          <section className="panel" aria-labelledby="by-reason" style={{ marginBottom: '1rem' }}>
            <h2 id="by-reason">By reason</h2>
            {data.reasons.length === 0 ? (
              <p className="muted">No disconnects match.</p>
            ) : (
              <table aria-label="Disconnects by reason">
                <thead>
                  <tr>
                    <th scope="col">Reason</th>
                    <th scope="col">Count</th>
                  </tr>
                </thead>
                <tbody>
                  {data.reasons.map((r) => (
                    <tr key={r} aria-label={r}>
                      <td>
                        <Link href={`/disconnects?${filtersToSearch(f, { reason: r })}`}>{r}</Link>
                      </td>
                      <td>{formatInt(data.byReason[r])}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <DisconnectsCharts data={data} />
          <section className="panel" aria-labelledby="events" style={{ marginTop: '1rem' }}>
            <div className="toolbar" style={{ justifyContent: 'space-between' }}>
              <h2 id="events">Disconnect events</h2>
              <a className="button" href={`/api/disconnects/csv?${filtersToSearch(f)}`} download>
                Export CSV
              </a>
            </div>
            {result.items.length === 0 ? (
              <EmptyState title="No disconnects match">
                Widen the time range or clear a filter.
              </EmptyState>
            ) : (
              <DisconnectTable
                f={f}
                items={result.items.slice(0, TABLE_ROWS)}
                total={result.items.length}
              />
            )}
          </section>
        </>
      )}
    </>
  );
}

function FilterForm({
  f,
  nodes,
  reasons,
}: {
  f: DisconnectFilters;
  nodes: string[];
  reasons: string[];
}) {
  return (
    <form className="toolbar" role="search" aria-label="Filter disconnects" method="get">
      <label>
        Range
        <select name="range" defaultValue={f.range ?? '1h'}>
          {Object.keys(RANGES).map((r) => (
            <option key={r} value={r}>
              last {r}
            </option>
          ))}
        </select>
      </label>
      <label>
        Reason
        <input name="reason" list="reasons" defaultValue={f.reason ?? ''} />
        <datalist id="reasons">
          {reasons.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
      </label>
      <label>
        User
        <input name="user" defaultValue={f.user ?? ''} />
      </label>
      <label>
        Node
        <select name="node" defaultValue={f.node ?? ''}>
          <option value="">All nodes</option>
          {nodes.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <label>
        Transport
        <select name="transport" defaultValue={f.transport ?? ''}>
          <option value="">Any</option>
          <option value="websocket">websocket</option>
          <option value="polling">polling</option>
        </select>
      </label>
      <label>
        Client version
        <input name="clientVersion" defaultValue={f.clientVersion ?? ''} />
      </label>
      <button type="submit" className="primary">
        Apply
      </button>
    </form>
  );
}

function DisconnectTable({
  items,
  total,
}: {
  f: DisconnectFilters;
  items: Awaited<ReturnType<typeof queryDisconnects>>['items'];
  total: number;
}) {
  return (
    <>
      {total > items.length ? (
        <p className="muted">
          Showing the latest {formatInt(items.length)} of {formatInt(total)}; export CSV for all.
        </p>
      ) : null}
      <div style={{ maxHeight: 520, overflow: 'auto' }}>
        <table aria-label="Disconnect events">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">User</th>
              <th scope="col">Node</th>
              <th scope="col">Transport</th>
              <th scope="col">Reason</th>
              <th scope="col">Duration</th>
              <th scope="col">Client version</th>
              <th scope="col">Session</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={`${r.node}-${r.id}`}>
                <td>
                  <LocalTime ms={r.disconnectedAt} />
                </td>
                <td>{r.user ?? '–'}</td>
                <td>{r.node}</td>
                <td>{r.transport}</td>
                <td title={r.description ?? undefined}>{r.reason}</td>
                <td>{formatDuration(r.durationMs)}</td>
                <td>{r.clientVersion ?? '–'}</td>
                <td>
                  <Link href={`/sessions/${encodeURIComponent(r.id)}`} prefetch={false}>
                    {r.id}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
