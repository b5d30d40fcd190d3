/**
 * The diagnosis findings of the selected window, ranked by impact (server-rendered): what
 * happened, how sure, whom it hit, the evidence with links to the filtered views, cause and fix.
 */
import Link from 'next/link';
import type { Finding } from '@sockscope/diagnosis/pure';
import { EmptyState } from '@/components/empty-state';
import { formatInt } from '@/lib/format';
import type { FindingsResult } from '@/lib/findings';

function FindingItem({ finding, rank }: { finding: Finding; rank: number }) {
  const id = `finding-${rank}`;
  return (
    <li className={`finding finding-${finding.severity}`} aria-labelledby={id}>
      <h3 id={id}>
        <span className={`badge severity-${finding.severity}`}>{finding.severity}</span>{' '}
        {finding.title}
      </h3>
      <p className="muted">
        Confidence {Math.round(finding.confidence * 100)} % · {formatInt(finding.impact.sessions)}{' '}
        sessions, {formatInt(finding.impact.users)} users, {formatInt(finding.impact.nodes)} nodes
      </p>
      <dl>
        <dt>Evidence</dt>
        <dd>
          <ul>
            {finding.evidence.map((e, i) => (
              <li key={i}>
                {e.label}:{' '}
                {e.link ? (
                  <Link href={e.link} prefetch={false}>
                    {String(e.value)}
                  </Link>
                ) : (
                  String(e.value)
                )}
              </li>
            ))}
          </ul>
        </dd>
        <dt>Likely cause</dt>
        <dd>{finding.cause}</dd>
        <dt>Fix</dt>
        <dd>{finding.fix}</dd>
      </dl>
    </li>
  );
}

export function FindingsList({ result }: { result: FindingsResult }) {
  return (
    <section className="panel findings" aria-labelledby="findings" style={{ marginBottom: '1rem' }}>
      <h2 id="findings">Findings</h2>
      {result.missing.length > 0 ? (
        <p role="status" aria-label="Partial findings" className="banner">
          Partial: {result.missing.join(', ')} did not answer, so these findings leave{' '}
          {result.missing.length === 1 ? 'that node' : 'those nodes'} out.
        </p>
      ) : null}
      {result.error ? (
        <p role="alert" className="error">
          {result.error}
        </p>
      ) : result.findings.length === 0 ? (
        <EmptyState title="No findings in this window">
          None of the known causes of disconnects (proxy timeouts, missing stickiness, a blocked
          event loop, restarts, reconnect storms, blocked WebSockets, client network loss, token
          expiry, oversized payloads, server-side kicks) left a trace in this range. The disconnects
          below are what clients and servers did on purpose or too few to call.
        </EmptyState>
      ) : (
        <ol className="findings-list" aria-label="Findings ranked by impact">
          {result.findings.map((f, i) => (
            <FindingItem key={`${i}-${f.id}`} finding={f} rank={i + 1} />
          ))}
        </ol>
      )}
    </section>
  );
}
