import type { Metadata } from 'next';
import { EmptyState } from '@/components/empty-state';
import { LocalTime } from '@/components/local-time';
import { dashboardConfig } from '@/lib/config';
import { listLoadTestRuns } from '@/lib/load-test-runs';

export const metadata: Metadata = { title: 'Load tests' };
export const dynamic = 'force-dynamic';

export default async function LoadTestsPage() {
  const runs = await listLoadTestRuns(dashboardConfig().loadTestRunsDir);
  return (
    <>
      <h1>Load tests</h1>
      {runs === null || runs.length === 0 ? (
        <EmptyState title="No load-test runs yet">
          Run the load-test gate and point the dashboard at its reports with{' '}
          <code>SOCKSCOPE_LOAD_TEST_RUNS=&lt;dir&gt;</code>. Each run&apos;s JSON report appears
          here with its verdict.
        </EmptyState>
      ) : (
        <table aria-label="Load-test runs">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Run</th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.file}>
                <td>
                  <LocalTime ms={r.startedAt} />
                </td>
                <td>{r.name}</td>
                <td className={r.verdict === 'pass' ? 'state state-ready' : 'state state-down'}>
                  {r.verdict}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
