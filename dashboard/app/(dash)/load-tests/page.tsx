import type { Metadata } from 'next';
import { EmptyState } from '@/components/empty-state';
import { LoadTestChart } from '@/components/load-test-chart';
import { LocalTime } from '@/components/local-time';
import { dashboardConfig } from '@/lib/config';
import { formatDuration } from '@/lib/format';
import { listLoadTestRuns } from '@/lib/load-test-runs';

export const metadata: Metadata = { title: 'Load tests' };
export const dynamic = 'force-dynamic';

export default async function LoadTestsPage() {
  const runs = await listLoadTestRuns(dashboardConfig().loadTestRunsDir);
  const latest = runs?.[0];
  return (
    <>
      <h1>Load tests</h1>
      {runs === null || runs.length === 0 || !latest ? (
        <EmptyState title="No load-test runs yet">
          Run the gate (<code>npm run loadtest -- chat --out runs/$(date +%s)</code>) and start the
          dashboard with <code>SOCKSCOPE_LOAD_TEST_RUNS=runs</code>: each run&apos;s{' '}
          <code>report.json</code> appears here with its verdict.
        </EmptyState>
      ) : (
        <>
          <section className="panel" aria-labelledby="latest-run" style={{ marginBottom: '1rem' }}>
            <h2 id="latest-run">
              Latest run: {latest.scenario} — {latest.verdict}
            </h2>
            <LoadTestChart run={latest} />
            <ul aria-label="Objectives of the latest run">
              {latest.objectives.map((o) => (
                <li key={o.name} className={o.holds ? 'state-ready' : 'state-down'}>
                  {o.holds ? '✓' : '✗'} {o.message}
                </li>
              ))}
            </ul>
          </section>
          <table aria-label="Load-test runs">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Scenario</th>
                <th scope="col">Duration</th>
                <th scope="col">Objectives held</th>
                <th scope="col">Verdict</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td>
                    <LocalTime ms={r.startedAt} />
                  </td>
                  <td title={r.id}>{r.scenario}</td>
                  <td>
                    {r.durationSeconds === null ? '–' : formatDuration(r.durationSeconds * 1000)}
                  </td>
                  <td>
                    {r.objectives.filter((o) => o.holds).length} of {r.objectives.length}
                  </td>
                  <td className={r.verdict === 'pass' ? 'state state-ready' : 'state state-down'}>
                    {r.verdict}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
