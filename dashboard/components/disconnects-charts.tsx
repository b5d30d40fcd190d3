'use client';
/** The Disconnects page's charts. A click on a bar or slice adds that value to the filters. */
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatInt } from '@/lib/format';
import { colorFor } from '@/lib/live/overview-series';
import type { Breakdowns } from '@/lib/queries/disconnects';
import { timeTick } from './time-axis';

type FilterKey = 'reason' | 'node' | 'transport' | 'clientVersion' | 'durationBucket';

export function DisconnectsCharts({ data }: { data: Breakdowns }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const filterBy = (key: FilterKey, value: string | undefined) => {
    if (!value) return;
    const q = new URLSearchParams(search.toString());
    q.set(key, value);
    router.push(`${pathname}?${q.toString()}`);
  };
  return (
    <div className="grid">
      <section className="panel" aria-labelledby="over-time" style={{ gridColumn: '1 / -1' }}>
        <h2 id="over-time">Disconnects over time by reason</h2>
        <div className="chart" role="img" aria-label="Disconnects over time by reason">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data.overTime}>
              <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
              <XAxis dataKey="t" tickFormatter={timeTick} />
              <YAxis allowDecimals={false} />
              <Tooltip labelFormatter={(v) => timeTick(Number(v))} />
              <Legend
                onClick={(e) =>
                  filterBy('reason', typeof e.dataKey === 'string' ? e.dataKey : undefined)
                }
              />
              {data.reasons.map((r, i) => (
                <Bar
                  key={r}
                  dataKey={r}
                  stackId="r"
                  fill={colorFor(i)}
                  isAnimationActive={false}
                  cursor="pointer"
                  onClick={() => filterBy('reason', r)}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      </section>
      <Breakdown title="By node" values={data.byNode} onPick={(v) => filterBy('node', v)} />
      <Breakdown
        title="By transport"
        values={data.byTransport}
        onPick={(v) => filterBy('transport', v)}
      />
      <Breakdown
        title="By client version"
        values={data.byClientVersion}
        onPick={(v) => filterBy('clientVersion', v === 'unknown' ? undefined : v)}
      />
      <Breakdown
        title="By session duration"
        values={data.byDurationBucket}
        onPick={(v) => filterBy('durationBucket', v)}
        bars
      />
    </div>
  );
}

function Breakdown({
  title,
  values,
  onPick,
  bars = false,
}: {
  title: string;
  values: Record<string, number>;
  onPick: (v: string) => void;
  bars?: boolean;
}) {
  const data = Object.entries(values)
    .map(([name, value]) => ({ name, value }))
    .filter((d) => d.value > 0)
    .sort((a, b) => b.value - a.value);
  const id = `bd-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {data.length === 0 ? (
        <p className="muted">Nothing in this range.</p>
      ) : (
        <div className="chart" role="img" aria-label={`Disconnects ${title.toLowerCase()}`}>
          <ResponsiveContainer width="100%" height="100%">
            {bars ? (
              <BarChart data={data}>
                <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
                <XAxis dataKey="name" />
                <YAxis allowDecimals={false} />
                <Tooltip formatter={(v) => formatInt(Number(v))} />
                <Bar
                  dataKey="value"
                  name="disconnects"
                  fill={colorFor(0)}
                  cursor="pointer"
                  isAnimationActive={false}
                  onClick={(d) => onPick(String(d.name ?? ''))}
                />
              </BarChart>
            ) : (
              <PieChart>
                <Tooltip formatter={(v) => formatInt(Number(v))} />
                <Legend />
                <Pie
                  data={data}
                  // One slice would show its border as a line from the centre.
                  stroke={data.length > 1 ? undefined : 'none'}
                  dataKey="value"
                  nameKey="name"
                  isAnimationActive={false}
                  cursor="pointer"
                  onClick={(d) => onPick(String(d.name ?? ''))}
                >
                  {data.map((d, i) => (
                    <Cell key={d.name} fill={colorFor(i)} />
                  ))}
                </Pie>
              </PieChart>
            )}
          </ResponsiveContainer>
        </div>
      )}
    </section>
  );
}
