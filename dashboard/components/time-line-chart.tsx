'use client';
/** Lines over a time axis: the shape every per-second chart of the Overview shares. */
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { colorFor } from '@/lib/live/overview-series';
import { timeTick } from './time-axis';

export interface TimeLine {
  dataKey: string;
  name: string;
  /** Index into the dashboard's palette. */
  color: number;
}

export interface TimeLineChartProps<T extends { t: number }> {
  data: T[];
  lines: TimeLine[];
  /** Formats values in the tooltip (and on the y axis when `formatAxis` is set). */
  format: (value: number) => string;
  /** @default false */
  formatAxis?: boolean;
  /** @default true */
  legend?: boolean;
}

export function TimeLineChart<T extends { t: number }>({
  data,
  lines,
  format,
  formatAxis = false,
  legend = true,
}: TimeLineChartProps<T>) {
  return (
    <LineChart data={data}>
      <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
      <XAxis
        dataKey="t"
        tickFormatter={timeTick}
        type="number"
        domain={['dataMin', 'dataMax']}
        scale="time"
      />
      {formatAxis ? <YAxis tickFormatter={(v) => format(Number(v))} width={70} /> : <YAxis />}
      <Tooltip labelFormatter={(v) => timeTick(Number(v))} formatter={(v) => format(Number(v))} />
      {legend ? <Legend /> : null}
      {lines.map((line) => (
        <Line
          key={line.dataKey}
          dataKey={line.dataKey}
          name={line.name}
          stroke={colorFor(line.color)}
          dot={false}
          isAnimationActive={false}
        />
      ))}
    </LineChart>
  );
}
