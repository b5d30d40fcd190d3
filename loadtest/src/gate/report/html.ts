/** report.html: one self-contained page (inline CSS and SVG, nothing fetched). */
import type { GateReport } from '../report-types.js';
import { formatNumber } from '../judge.js';
import { escapeXml } from './escape.js';
import { findingsHtml } from './findings-section.js';
import { lineChart } from './svg-chart.js';

const STYLE = `body{font:14px system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin:1rem 0}
td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.pass{color:#157a2c}.fail{color:#b3261e}
figure{display:inline-block;margin:0 1rem 1rem 0}svg text{font-size:11px;fill:#555}.empty{color:#888}`;

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${escapeXml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

export function renderHtml(report: GateReport): string {
  const t = report.timeline;
  const charts = [
    lineChart('Delivery latency per period', 'ms', [
      { name: 'p50', color: '#1f77b4', points: t.map((p) => ({ x: p.t, y: p.deliveryP50 })) },
      { name: 'p99', color: '#d62728', points: t.map((p) => ({ x: p.t, y: p.deliveryP99 })) },
    ]),
    lineChart('Connect time p99 per period', 'ms', [{ name: 'p99', color: '#9467bd', points: t.map((p) => ({ x: p.t, y: p.connectP99 })) }]),
    lineChart('Virtual users per period', 'count', [
      { name: 'created', color: '#2ca02c', points: t.map((p) => ({ x: p.t, y: p.vusersCreated })) },
      { name: 'failed', color: '#d62728', points: t.map((p) => ({ x: p.t, y: p.vusersFailed })) },
    ]),
    lineChart('Messages received per period', 'count', [{ name: 'received', color: '#ff7f0e', points: t.map((p) => ({ x: p.t, y: p.messagesReceived })) }]),
  ].join('');
  const objectives = table(
    ['', 'objective', 'measured', 'bound'],
    report.objectives.map((o) => [
      o.holds ? '<span class="pass">✔</span>' : '<span class="fail">✘</span>',
      escapeXml(o.name),
      o.value === null ? 'no data' : formatNumber(o.value),
      escapeXml(`${o.op} ${formatNumber(o.bound)}`),
    ]),
  );
  const client = table(
    ['client metric', 'count', 'p50', 'p95', 'p99', 'max'],
    Object.entries(report.client.summaries).map(([name, s]) => [escapeXml(name), String(s.count), formatNumber(s.p50), formatNumber(s.p95), formatNumber(s.p99), formatNumber(s.max)]),
  );
  const counters = table(
    ['client counter', 'value'],
    Object.entries(report.client.counters)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [escapeXml(k), String(v)]),
  );
  const server = report.server
    ? table(
        ['server number', 'value'],
        Object.entries(report.server)
          .filter(([k]) => k !== 'source')
          .map(([k, v]) => [escapeXml(k), escapeXml(JSON.stringify(v))]),
      )
    : '<p class="empty">No server-side source was given.</p>';
  const verdict = report.verdict === 'pass' ? '<span class="pass">PASS</span>' : '<span class="fail">FAIL</span>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>sockscope gate: ${escapeXml(report.scenario)}</title><style>${STYLE}</style></head><body>
<h1>sockscope gate: ${escapeXml(report.scenario)} — ${verdict}</h1>
<p>Target <code>${escapeXml(report.target)}</code>, SLO <code>${escapeXml(report.slo)}</code>, ${report.durationSeconds.toFixed(0)} s, ${escapeXml(report.startedAt)} → ${escapeXml(report.endedAt)}.</p>
<h2>Objectives</h2>${objectives}${findingsHtml(report)}<h2>Over time</h2>${charts}<h2>Client</h2>${client}${counters}<h2>Server${report.server ? ` (${report.server.source})` : ''}</h2>${server}
</body></html>
`;
}
