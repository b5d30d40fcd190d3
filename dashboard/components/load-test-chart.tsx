'use client';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { LoadTestRun } from '@/lib/load-test-runs';
import { colorFor } from '@/lib/live/overview-series';
import { timeTick } from './time-axis';

export function LoadTestChart({ run }: { run: LoadTestRun }) {
  if (run.timeline.length === 0) return <p className="muted">This run has no timeline.</p>;
  return (
    <div className="chart" role="img" aria-label={`Timeline of ${run.scenario}`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={run.timeline}>
          <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
          <XAxis dataKey="t" tickFormatter={timeTick} />
          <YAxis yAxisId="c" />
          <YAxis yAxisId="ms" orientation="right" unit=" ms" />
          <Tooltip labelFormatter={(v) => timeTick(Number(v))} />
          <Legend />
          <Line
            yAxisId="c"
            dataKey="connected"
            name="connected"
            stroke={colorFor(0)}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            yAxisId="ms"
            dataKey="deliveryP99"
            name="delivery p99"
            stroke={colorFor(2)}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            yAxisId="ms"
            dataKey="connectP99"
            name="connect p99"
            stroke={colorFor(3)}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
