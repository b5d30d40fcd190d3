/** summary.md: the verdict and every objective, ready for a CI job summary. */
import type { GateReport } from '../report-types.js';
import { formatNumber } from '../judge.js';
import { findingsMarkdown } from './findings-section.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function renderMarkdown(report: GateReport): string {
  const icon = report.verdict === 'pass' ? '✅' : '❌';
  const lines = [
    `## ${icon} sockscope gate: ${report.scenario} — ${report.verdict.toUpperCase()}`,
    '',
    `Target \`${report.target}\`, SLO \`${report.slo}\`, ${report.durationSeconds.toFixed(0)} s (${report.startedAt} → ${report.endedAt})${report.baseline ? `, baseline \`${report.baseline}\`` : ''}.`,
    '',
    '| | objective | measured | bound |',
    '|---|---|---|---|',
    ...report.objectives.map(
      (o) => `| ${o.holds ? '✅' : '❌'} | ${cell(o.name)} | ${o.value === null ? 'no data' : formatNumber(o.value)} | ${o.op} ${formatNumber(o.bound)} |`,
    ),
    '',
  ];
  const s = report.client.summaries;
  const rows = Object.entries(s)
    .filter(([name]) => name.startsWith('sockscope.'))
    .map(([name, v]) => `| ${name.slice(10)} | ${v.count} | ${formatNumber(v.p50)} | ${formatNumber(v.p99)} | ${formatNumber(v.max)} |`);
  if (rows.length > 0) lines.push('| client metric (ms) | count | p50 | p99 | max |', '|---|---|---|---|---|', ...rows, '');
  if (report.server) {
    const sv = report.server;
    const kv = (o: Record<string, number>): string => Object.entries(o).map(([k, v]) => `${k}: ${v}`).join(', ') || '—';
    lines.push(
      `Server (${sv.source}, nodes ${sv.nodes.join(', ') || '?'}): connections ${sv.connections}; disconnects ${kv(sv.disconnects)}; handshake errors ${kv(sv.handshakeErrors)}; recoveries ${kv(sv.recoveries)}; event-loop delay p99 ${sv.eventLoopDelay.p99 ?? '—'} ms; ping RTT p99 ${sv.pingRtt.p99 ?? '—'} ms.`,
      '',
    );
  }
  lines.push(...findingsMarkdown(report));
  return lines.join('\n');
}
