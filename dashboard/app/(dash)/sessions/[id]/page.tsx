import type { LifecycleEvent, SessionRecord } from '@sockscope/contracts';
import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState } from '@/components/empty-state';
import { LocalTime } from '@/components/local-time';
import { PartialNotice } from '@/components/partial-notice';
import { formatBytes, formatDuration, formatInt } from '@/lib/format';
import { exporterClients } from '@/lib/queries/clients';
import { querySessionStory } from '@/lib/queries/session-timeline';

export const metadata: Metadata = { title: 'Session' };
export const dynamic = 'force-dynamic';

export default async function SessionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: rawId } = await params;
  const id = decodeURIComponent(rawId);
  if (id.length > 200)
    return <EmptyState title="Session not found">That is not a session id.</EmptyState>;
  const clients = await exporterClients();
  const story = await querySessionStory(clients, id).catch(() => null);
  if (!story) {
    return (
      <>
        <h1>Session {id}</h1>
        <EmptyState title="Session not found">
          No exporter knows this session. It may be older than the retention window, or its node may
          be unavailable. <Link href="/sessions">Back to live sessions</Link>
        </EmptyState>
      </>
    );
  }
  const s = story.session;
  const r = story.reconnect;
  return (
    <>
      <h1>
        Session {s.id} <span className="muted">({s.user ?? 'anonymous'})</span>
      </h1>
      <PartialNotice missing={story.missing} />
      <div className="grid">
        <section className="panel" aria-labelledby="details">
          <h2 id="details">Details</h2>
          <dl className="kv">
            <dt>User</dt>
            <dd>{s.user ?? '–'}</dd>
            <dt>Node</dt>
            <dd>{s.node}</dd>
            <dt>Namespace</dt>
            <dd>{s.namespace}</dd>
            <dt>Transport</dt>
            <dd>{[...new Set([...s.upgrades, s.transport])].join(' → ')}</dd>
            <dt>Rooms</dt>
            <dd>{s.rooms.join(', ') || '–'}</dd>
            <dt>Client version</dt>
            <dd>{s.clientVersion ?? '–'}</dd>
            <dt>Protocol</dt>
            <dd>{s.clientProtocol ?? '–'}</dd>
            <dt>Remote address</dt>
            <dd>{s.remoteAddress}</dd>
            <dt>User agent</dt>
            <dd>{s.userAgent ?? '–'}</dd>
            <dt>Traffic</dt>
            <dd>
              {formatInt(s.packetsIn)} packets in ({formatBytes(s.bytesIn)}),{' '}
              {formatInt(s.packetsOut)} out ({formatBytes(s.bytesOut)})
            </dd>
            <dt>Status</dt>
            <dd>
              {s.disconnectedAt === null
                ? 'connected'
                : `disconnected after ${formatDuration(s.durationMs)}`}
            </dd>
          </dl>
        </section>
        <section className="panel" aria-labelledby="timeline">
          <h2 id="timeline">Timeline</h2>
          <ol className="timeline" aria-label="Session timeline">
            <li>
              <strong>Handshake</strong> on {s.node} over {s.upgrades[0] ?? s.transport} —{' '}
              <LocalTime ms={s.connectedAt} />
              {s.recovered ? ' (state recovered)' : ''}
              {s.lastDisconnect ? (
                <div className="muted">
                  Previous connection dropped ({s.lastDisconnect.reason}){' '}
                  {formatDuration(s.lastDisconnect.gapMs)} before.
                </div>
              ) : null}
            </li>
            {story.events
              .filter((e) => e.type !== 'connect' && e.type !== 'disconnect')
              .map((e) => (
                <li key={e.seq}>
                  <EventLine event={e} />
                </li>
              ))}
            {s.disconnectedAt !== null ? (
              <li>
                <strong>Disconnect</strong> — <LocalTime ms={s.disconnectedAt} />
                <dl className="kv">
                  <dt>Server&apos;s reason</dt>
                  <dd>{s.reason ?? '–'}</dd>
                  <dt>Description</dt>
                  <dd>{s.description ?? '–'}</dd>
                  <dt>Client&apos;s reason</dt>
                  <dd>
                    {r?.clientReason ??
                      'not reported (the client did not reconnect with the helper)'}
                  </dd>
                </dl>
              </li>
            ) : null}
            {s.disconnectedAt !== null ? (
              <li>
                <strong>Reconnect</strong> —{' '}
                {r ? (
                  <>
                    to{' '}
                    <Link href={`/sessions/${encodeURIComponent(r.session.id)}`}>
                      {r.session.node}
                    </Link>{' '}
                    after {formatDuration(r.afterMs)},{' '}
                    {r.recovered ? 'state recovered' : 'not recovered'}
                  </>
                ) : (
                  'none seen'
                )}
              </li>
            ) : null}
          </ol>
        </section>
      </div>
      <section className="panel" aria-labelledby="chain" style={{ marginTop: '1rem' }}>
        <h2 id="chain">Sessions of {s.user ?? 'this client'}</h2>
        <ChainTable chain={story.chain} current={s.id} />
      </section>
    </>
  );
}

function EventLine({ event }: { event: LifecycleEvent }) {
  switch (event.type) {
    case 'upgrade':
      return (
        <>
          <strong>Upgrade</strong> to {event.transport} — <LocalTime ms={event.ts} />
        </>
      );
    case 'rooms':
      return (
        <>
          <strong>Rooms</strong> {event.rooms.join(', ') || '(none)'} — <LocalTime ms={event.ts} />
        </>
      );
    default:
      return (
        <>
          <strong>{event.type}</strong> — <LocalTime ms={event.ts} />
        </>
      );
  }
}

function ChainTable({ chain, current }: { chain: SessionRecord[]; current: string }) {
  if (chain.length <= 1) return <p className="muted">No other session of this user is known.</p>;
  return (
    <table aria-label="Session chain">
      <thead>
        <tr>
          <th scope="col">Connected at</th>
          <th scope="col">Node</th>
          <th scope="col">Transport</th>
          <th scope="col">Duration</th>
          <th scope="col">Reason</th>
          <th scope="col">Recovered</th>
          <th scope="col">Socket id</th>
        </tr>
      </thead>
      <tbody>
        {chain.map((c) => (
          <tr key={`${c.node}-${c.id}`} aria-current={c.id === current ? 'true' : undefined}>
            <td>
              <LocalTime ms={c.connectedAt} />
            </td>
            <td>{c.node}</td>
            <td>{c.transport}</td>
            <td>{c.disconnectedAt === null ? 'live' : formatDuration(c.durationMs)}</td>
            <td>{c.reason ?? '–'}</td>
            <td>{c.recovered ? 'yes' : 'no'}</td>
            <td>
              {c.id === current ? (
                c.id
              ) : (
                <Link href={`/sessions/${encodeURIComponent(c.id)}`} prefetch={false}>
                  {c.id}
                </Link>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
