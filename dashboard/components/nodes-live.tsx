'use client';
import { formatInt, formatSeconds } from '@/lib/format';
import { EmptyState } from './empty-state';
import { useLive } from './live-provider';
import { LocalTime } from './local-time';
import { Skeleton } from './skeleton';

const STATE_TEXT = {
  ready: 'ready — accepting clients',
  draining: 'draining — closing its clients, refusing new ones',
  down: 'down — its exporter cannot reach it',
  unavailable: 'unavailable — its exporter does not answer',
} as const;

export function NodesLive() {
  const { nodes } = useLive();
  if (nodes === null) {
    return (
      <div role="status" aria-label="Loading nodes" aria-busy="true" className="grid">
        <Skeleton height={160} />
        <Skeleton height={160} />
      </div>
    );
  }
  if (nodes.length === 0) {
    return (
      <EmptyState title="No exporters found">
        Start the local stack with <code>npm start</code>, or set <code>SOCKSCOPE_EXPORTERS</code>{' '}
        for the dashboard server.
      </EmptyState>
    );
  }
  return (
    <div className="grid">
      {nodes.map((n) => (
        <section key={n.node} className="panel" aria-labelledby={`node-${n.node}`}>
          <h2 id={`node-${n.node}`}>{n.node}</h2>
          <p className={`state state-${n.state}`} aria-label={`${n.node} state`}>
            {STATE_TEXT[n.state]}
          </p>
          <dl className="kv">
            <dt>Connected clients</dt>
            <dd>{n.available ? formatInt(n.connected) : '–'}</dd>
            <dt>Live sessions</dt>
            <dd>{n.available ? formatInt(n.liveSessions) : '–'}</dd>
            <dt>Transports</dt>
            <dd>
              {Object.entries(n.byTransport)
                .map(([t, v]) => `${t} ${formatInt(v)}`)
                .join(', ') || '–'}
            </dd>
            <dt>Event-loop delay p99</dt>
            <dd>{formatSeconds(n.eventLoopP99)}</dd>
            <dt>Ping RTT</dt>
            <dd>{formatSeconds(n.pingRtt)}</dd>
            <dt>Last seen</dt>
            <dd>
              <LocalTime ms={n.lastSeen} />
            </dd>
          </dl>
        </section>
      ))}
    </div>
  );
}
