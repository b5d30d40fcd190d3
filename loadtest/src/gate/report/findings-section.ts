/** The diagnosis findings of the run's window, for summary.md and report.html. */
import type { Finding } from '@sockscope/diagnosis';
import type { GateReport } from '../report-types.js';
import { escapeXml } from './escape.js';

function impact(f: Finding): string {
  return `${f.impact.sessions} sessions, ${f.impact.users} users, ${f.impact.nodes} nodes`;
}

function note(report: GateReport): string {
  const d = report.diagnosis;
  if (!d) return '';
  if (d.error) return `Diagnosis unavailable: ${d.error}.`;
  return d.missingNodes.length > 0 ? `Partial: no answer from the exporter of ${d.missingNodes.join(', ')}.` : '';
}

export function findingsMarkdown(report: GateReport): string[] {
  if (report.findings === null) {
    return report.diagnosis?.error ? ['### Diagnosis', '', note(report), ''] : [];
  }
  const lines = ['### Diagnosis', ''];
  const partial = note(report);
  if (partial) lines.push(partial, '');
  if (report.findings.length === 0) {
    lines.push('No findings in the run’s window: no known cause of disconnects left a trace.', '');
    return lines;
  }
  lines.push('| severity | finding | confidence | impact | fix |', '|---|---|---|---|---|');
  const cell = (t: string): string => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  for (const f of report.findings) {
    lines.push(`| ${f.severity} | ${cell(f.title)} | ${Math.round(f.confidence * 100)} % | ${impact(f)} | ${cell(f.fix)} |`);
  }
  lines.push('');
  return lines;
}

export function findingsHtml(report: GateReport): string {
  if (report.findings === null) {
    return report.diagnosis?.error ? `<h2>Diagnosis</h2><p class="empty">${escapeXml(note(report))}</p>` : '';
  }
  const partial = note(report);
  const head = `<h2>Diagnosis</h2>${partial ? `<p class="fail">${escapeXml(partial)}</p>` : ''}`;
  if (report.findings.length === 0) return `${head}<p class="empty">No findings in the run’s window: no known cause of disconnects left a trace.</p>`;
  const items = report.findings
    .map(
      (f) => `<section class="finding"><h3>${escapeXml(f.title)} <small>(${escapeXml(f.severity)}, confidence ${Math.round(f.confidence * 100)} %, ${escapeXml(impact(f))})</small></h3>
<ul>${f.evidence.map((e) => `<li>${escapeXml(e.label)}: ${escapeXml(String(e.value))}</li>`).join('')}</ul>
<p><b>Cause:</b> ${escapeXml(f.cause)}</p><p><b>Fix:</b> ${escapeXml(f.fix)}</p></section>`,
    )
    .join('');
  return `${head}${items}`;
}
