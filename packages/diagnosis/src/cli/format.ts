import type { Finding } from '../types.js';

const MARK = { critical: 'CRITICAL', warning: 'WARNING', info: 'info' } as const;

/** Human-readable report: ranked findings with impact, evidence, cause and fix. */
export function formatFindings(findings: Finding[], window: { from: number; to: number }): string {
  const head = `Disconnect diagnosis ${new Date(window.from).toISOString()} .. ${new Date(window.to).toISOString()}`;
  if (findings.length === 0)
    return `${head}\n\nNo findings: nothing explains disconnects in this window.\n`;
  const blocks = findings.map((f, i) => {
    const lines = [
      `${i + 1}. [${MARK[f.severity]}] ${f.title}`,
      `   confidence ${Math.round(f.confidence * 100)}% · ${f.impact.sessions} sessions · ${f.impact.users} users · ${f.impact.nodes} nodes`,
      '   evidence:',
      ...f.evidence.map((e) => `     - ${e.label}: ${e.value}${e.link ? `  (${e.link})` : ''}`),
      `   cause: ${f.cause}`,
      `   fix:   ${f.fix}`,
    ];
    return lines.join('\n');
  });
  return `${head}\n\n${blocks.join('\n\n')}\n`;
}
