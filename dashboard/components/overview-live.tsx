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
  Pie,
  PieChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatBytes, formatInt, formatRate } from '@/lib/format';
import { colorFor, overviewSeries } from '@/lib/live/overview-series';
import type { OverviewTick } from '@/lib/live/protocol';
import { ChartPanel } from './chart-panel';
import { EmptyState } from './empty-state';
import { useLive } from './live-provider';
import { NodeHealthTable } from './node-health-table';
import { Skeleton } from './skeleton';
import { StatCard } from './stat-card';
import { TimeLineChart } from './time-line-chart';
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
        <StatCard label="Connected clients" value={nodes ? formatInt(totalConnected) : null} />
        {(nodes ?? []).map((n) => (
          <StatCard
            key={n.node}
            label={`Connected on ${n.node}`}
            value={n.available ? formatInt(n.connected) : 'unavailable'}
          />
        ))}
        <StatCard
          label="Connects per second"
          value={lastFlow ? formatRate(lastFlow.connects) : null}
        />
        <StatCard
          label="Disconnects per second"
          value={lastFlow ? formatRate(lastFlow.disconnects) : null}
        />
        <StatCard
          label="Messages per second"
          value={lastMsg ? formatRate(lastMsg.in + lastMsg.out) : null}
        />
        <StatCard
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
            <TimeLineChart
              data={series.flow}
              format={formatRate}
              lines={[
                { dataKey: 'connects', name: 'connects/s', color: 1 },
                { dataKey: 'disconnects', name: 'disconnects/s', color: 2 },
              ]}
            />
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
            <TimeLineChart
              data={series.messages}
              format={formatRate}
              lines={[
                { dataKey: 'in', name: 'in/s', color: 0 },
                { dataKey: 'out', name: 'out/s', color: 4 },
              ]}
            />
          </ChartPanel>
          <ChartPanel title="Bytes per second">
            <TimeLineChart
              data={series.messages}
              format={formatBytes}
              formatAxis
              lines={[
                { dataKey: 'bytesIn', name: 'in', color: 0 },
                { dataKey: 'bytesOut', name: 'out', color: 4 },
              ]}
            />
          </ChartPanel>
          <ChartPanel title="Handshake errors per second">
            <TimeLineChart
              data={series.flow}
              format={formatRate}
              legend={false}
              lines={[{ dataKey: 'handshakeErrors', name: 'handshake errors/s', color: 2 }]}
            />
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
