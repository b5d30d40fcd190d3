'use client';
/** Each node's state and health, live, under the Overview's charts. */
import { formatInt, formatSeconds } from '@/lib/format';
import { EmptyState } from './empty-state';
import { useLive } from './live-provider';
import { Skeleton } from './skeleton';

export function NodeHealthTable() {
  const { nodes } = useLive();
  if (nodes === null) return <Skeleton height={90} />;
  if (nodes.length === 0) {
    return (
      <EmptyState title="No exporters found">
        Start the local stack with <code>npm start</code>, or set <code>SOCKSCOPE_EXPORTERS</code>{' '}
        (node=url#token,…) for the dashboard server.
      </EmptyState>
    );
  }
  return (
    <table aria-label="Nodes">
      <thead>
        <tr>
          <th scope="col">Node</th>
          <th scope="col">State</th>
          <th scope="col">Connected</th>
          <th scope="col">Live sessions</th>
          <th scope="col">Transports</th>
          <th scope="col">Event-loop delay p99</th>
          <th scope="col">Ping RTT</th>
        </tr>
      </thead>
      <tbody>
        {nodes.map((n) => (
          <tr key={n.node} aria-label={n.node}>
            <th scope="row">{n.node}</th>
            <td className={`state state-${n.state}`}>{n.state}</td>
            <td>{n.available ? formatInt(n.connected) : '–'}</td>
            <td>{n.available ? formatInt(n.liveSessions) : '–'}</td>
            <td>
              {Object.entries(n.byTransport)
                .filter(([, v]) => v > 0)
                .map(([t, v]) => `${t} ${formatInt(v)}`)
                .join(', ') || '–'}
            </td>
            <td>{formatSeconds(n.eventLoopP99)}</td>
            <td>{formatSeconds(n.pingRtt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
