'use client';
/** A titled panel holding one responsive chart, named for screen readers and role locators. */
import { ResponsiveContainer } from 'recharts';

export function ChartPanel({ title, children }: { title: string; children: React.ReactElement }) {
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
