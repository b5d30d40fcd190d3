'use client';
/** The Overview's live part: stat cards, charts and node health, fed by the dashboard's socket. */
import { useEffect, useMemo, useState } from 'react';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Line,
  LineChart,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatBytes, formatInt, formatRate, formatSeconds } from '@/lib/format';
import { colorFor, overviewSeries } from '@/lib/live/overview-series';
import type { OverviewTick } from '@/lib/live/protocol';
import { EmptyState } from './empty-state';
import { useLive } from './live-provider';
import { Skeleton } from './skeleton';
import { timeTick } from './time-axis';

const RANGES = [
  { key: '5m', label: '5 min', ms: 300_000, live: true },
  { key: '15m', label: '15 min', ms: 900_000, live: true },
  { key: '1h', label: '1 hour', ms: 3_600_000, live: false },
  { key: '6h', label: '6 hours', ms: 21_600_000, live: false },
  { key: '24h', label: '24 hours', ms: 86_400_000, live: false },
] as const;
type RangeKey = (typeof RANGES)[number]['key'];

export function OverviewLive({ prometheus }: { prometheus: boolean }) {
  const { socket, nodes } = useLive();
  const [ticks, setTicks] = useState<OverviewTick[] | null>(null);
  const [range, setRange] = useState<RangeKey>('5m');
  const [longTicks, setLongTicks] = useState<OverviewTick[] | null>(null);
  const [longError, setLongError] = useState<string | null>(null);
  const selected = RANGES.find((r) => r.key === range) ?? RANGES[0];

  useEffect(() => {
    if (!socket) return;
    const onHistory = (h: OverviewTick[]) => setTicks(h);
    const onTick = (t: OverviewTick) =>
      setTicks((prev) => {
        const next = [...(prev ?? []), t];
        const cutoff = t.t - 900_000;
        while (next.length > 0 && next[0]!.t < cutoff) next.shift();
        return next;
      });
    socket.on('overview:history', onHistory);
    socket.on('overview:tick', onTick);
    const subscribe = () => socket.emit('subscribe', 'overview');
    socket.on('connect', subscribe);
    if (socket.connected) subscribe();
    return () => {
      socket.off('overview:history', onHistory);
      socket.off('overview:tick', onTick);
      socket.off('connect', subscribe);
      socket.emit('unsubscribe', 'overview');
    };
  }, [socket]);

  useEffect(() => {
    if (selected.live || !prometheus) return;
    let cancelled = false;
    setLongTicks(null);
    setLongError(null);
    fetch(`/api/overview/range?range=${selected.key}`, { cache: 'no-store' })
      .then(async (res) => {
        const body = (await res.json()) as { ticks?: OverviewTick[]; error?: string };
        if (cancelled) return;
        if (!res.ok || !body.ticks) setLongError(body.error ?? 'Prometheus did not answer');
        else setLongTicks(body.ticks);
      })
      .catch(() => !cancelled && setLongError('Prometheus did not answer'));
    return () => {
      cancelled = true;
    };
  }, [selected.key, selected.live, prometheus]);

  const shown = useMemo(() => {
    if (!selected.live) return longTicks;
    if (!ticks) return null;
    const last = ticks[ticks.length - 1]?.t ?? Date.now();
    return ticks.filter((t) => t.t >= last - selected.ms);
  }, [ticks, longTicks, selected]);
  const series = useMemo(() => overviewSeries(shown ?? []), [shown]);
  const totalConnected = (nodes ?? []).reduce((sum, n) => sum + (n.available ? n.connected : 0), 0);
  const transports: Record<string, number> = {};
  for (const n of nodes ?? [])
    for (const [t, v] of Object.entries(n.byTransport))
      if (v > 0) transports[t] = (transports[t] ?? 0) + v;
  const lastFlow = series.flow[series.flow.length - 1];
  const lastMsg = series.messages[series.messages.length - 1];

  return (
    <>
      <div className="toolbar" role="group" aria-label="Time range">
        {RANGES.map((r) => (
          <button
            key={r.key}
            type="button"
            aria-pressed={r.key === range}
            className={r.key === range ? 'primary' : undefined}
            onClick={() => setRange(r.key)}
          >
            {r.label}
          </button>
        ))}
        <span className="muted">
          {selected.live ? 'live from the exporters' : 'from Prometheus'}
        </span>
      </div>

      <div className="cards">
        <Stat label="Connected clients" value={nodes ? formatInt(totalConnected) : null} />
        {(nodes ?? []).map((n) => (
          <Stat
            key={n.node}
            label={`Connected on ${n.node}`}
            value={n.available ? formatInt(n.connected) : 'unavailable'}
          />
        ))}
        <Stat label="Connects per second" value={lastFlow ? formatRate(lastFlow.connects) : null} />
        <Stat
          label="Disconnects per second"
          value={lastFlow ? formatRate(lastFlow.disconnects) : null}
        />
        <Stat
          label="Messages per second"
          value={lastMsg ? formatRate(lastMsg.in + lastMsg.out) : null}
        />
        <Stat
          label="Bytes per second"
          value={lastMsg ? formatBytes(lastMsg.bytesIn + lastMsg.bytesOut) : null}
        />
      </div>

      {!selected.live && !prometheus ? (
        <EmptyState title="Longer ranges need Prometheus">
          The exporters keep the last 15 minutes live. Set <code>PROMETHEUS_URL</code> for the
          dashboard server to show 1 hour and more.
        </EmptyState>
      ) : !selected.live && longError ? (
        <EmptyState title="Prometheus did not answer">
          {longError}. Pick a live range meanwhile.
        </EmptyState>
      ) : shown === null ? (
        <div role="status" aria-label="Loading charts" aria-busy="true">
          <Skeleton height={260} />
        </div>
      ) : (
        <div className="grid">
          <ChartPanel title="Connected clients per node">
            <AreaChart data={series.connected}>
              <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
              <XAxis
                dataKey="t"
                tickFormatter={timeTick}
                type="number"
                domain={['dataMin', 'dataMax']}
                scale="time"
              />
              <YAxis allowDecimals={false} />
              <Tooltip labelFormatter={(v) => timeTick(Number(v))} />
              <Legend />
              {series.nodes.map((n, i) => (
                <Area
                  key={n}
                  dataKey={n}
                  stackId="c"
                  stroke={colorFor(i)}
                  fill={colorFor(i)}
                  isAnimationActive={false}
                />
              ))}
            </AreaChart>
          </ChartPanel>
          <ChartPanel title="Connects and disconnects per second">
            <LineChart data={series.flow}>
              <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
              <XAxis
                dataKey="t"
                tickFormatter={timeTick}
                type="number"
                domain={['dataMin', 'dataMax']}
                scale="time"
              />
              <YAxis />
              <Tooltip
                labelFormatter={(v) => timeTick(Number(v))}
                formatter={(v) => formatRate(Number(v))}
              />
              <Legend />
              <Line
                dataKey="connects"
                name="connects/s"
                stroke={colorFor(1)}
                dot={false}
                isAnimationActive={false}
              />
              <Line
                dataKey="disconnects"
                name="disconnects/s"
                stroke={colorFor(2)}
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ChartPanel>
          <ChartPanel title="Disconnects by reason">
            <BarChart data={series.byReason}>
              <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
              <XAxis dataKey="t" tickFormatter={timeTick} />
              <YAxis />
              <Tooltip
                labelFormatter={(v) => timeTick(Number(v))}
                formatter={(v) => formatRate(Number(v))}
              />
              <Legend />
              {series.reasons.map((r, i) => (
                <Bar key={r} dataKey={r} stackId="r" fill={colorFor(i)} isAnimationActive={false} />
              ))}
            </BarChart>
          </ChartPanel>
          <ChartPanel title="Messages per second">
            <LineChart data={series.messages}>
              <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
              <XAxis
                dataKey="t"
                tickFormatter={timeTick}
                type="number"
                domain={['dataMin', 'dataMax']}
                scale="time"
              />
              <YAxis />
              <Tooltip
                labelFormatter={(v) => timeTick(Number(v))}
                formatter={(v) => formatRate(Number(v))}
              />
              <Legend />
              <Line
                dataKey="in"
                name="in/s"
                stroke={colorFor(0)}
                dot={false}
                isAnimationActive={false}
              />
              <Line
                dataKey="out"
                name="out/s"
                stroke={colorFor(4)}
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ChartPanel>
          <ChartPanel title="Bytes per second">
            <LineChart data={series.messages}>
              <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
              <XAxis
                dataKey="t"
                tickFormatter={timeTick}
                type="number"
                domain={['dataMin', 'dataMax']}
                scale="time"
              />
              <YAxis tickFormatter={(v) => formatBytes(Number(v))} width={70} />
              <Tooltip
                labelFormatter={(v) => timeTick(Number(v))}
                formatter={(v) => formatBytes(Number(v))}
              />
              <Legend />
              <Line
                dataKey="bytesIn"
                name="in"
                stroke={colorFor(0)}
                dot={false}
                isAnimationActive={false}
              />
              <Line
                dataKey="bytesOut"
                name="out"
                stroke={colorFor(4)}
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ChartPanel>
          <ChartPanel title="Handshake errors per second">
            <LineChart data={series.flow}>
              <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
              <XAxis
                dataKey="t"
                tickFormatter={timeTick}
                type="number"
                domain={['dataMin', 'dataMax']}
                scale="time"
              />
              <YAxis />
              <Tooltip
                labelFormatter={(v) => timeTick(Number(v))}
                formatter={(v) => formatRate(Number(v))}
              />
              <Line
                dataKey="handshakeErrors"
                name="handshake errors/s"
                stroke={colorFor(2)}
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ChartPanel>
          <ChartPanel title="Transport mix">
            <PieChart>
              <Tooltip formatter={(v) => formatInt(Number(v))} />
              <Legend />
              <Pie
                data={Object.entries(transports).map(([name, value]) => ({ name, value }))}
                stroke={Object.keys(transports).length > 1 ? undefined : 'none'}
                dataKey="value"
                nameKey="name"
                isAnimationActive={false}
              >
                {Object.keys(transports).map((t, i) => (
                  <Cell key={t} fill={colorFor(i)} />
                ))}
              </Pie>
            </PieChart>
          </ChartPanel>
          <section className="panel" aria-labelledby="reasons-window">
            <h2 id="reasons-window">Disconnect reasons in this range</h2>
            {series.reasons.length === 0 ? (
              <p className="muted">No disconnects in this range.</p>
            ) : (
              <table aria-labelledby="reasons-window">
                <thead>
                  <tr>
                    <th scope="col">Reason</th>
                    <th scope="col">Disconnects</th>
                  </tr>
                </thead>
                <tbody>
                  {series.reasons.map((r) => (
                    <tr key={r}>
                      <td>{r}</td>
                      <td>{formatInt(series.reasonTotals[r])}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
      )}

      <section className="panel" aria-labelledby="node-health" style={{ marginTop: '1rem' }}>
        <h2 id="node-health">Node health</h2>
        <NodeHealthTable />
      </section>
    </>
  );
}

function Stat({ label, value }: { label: string; value: string | null }) {
  return (
    <div className="card" role="group" aria-label={label}>
      <div className="label">{label}</div>
      <div className="value">{value ?? <Skeleton height={28} width={80} />}</div>
    </div>
  );
}

function ChartPanel({ title, children }: { title: string; children: React.ReactElement }) {
  const id = `chart-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <div className="chart" role="img" aria-label={title}>
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
    </section>
  );
}

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
