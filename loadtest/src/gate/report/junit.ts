/** junit.xml: one test case per objective, a failure carrying the measured value and the bound. */
import type { GateReport } from '../report-types.js';
import { escapeXml } from './escape.js';

export function renderJunit(report: GateReport): string {
  const failures = report.objectives.filter((o) => !o.holds).length;
  const suite = escapeXml(`sockscope-gate.${report.scenario}`);
  const cases = report.objectives.map((o) => {
    const name = escapeXml(o.name);
    const classname = `${suite}.${o.kind}`;
    if (o.holds) return `    <testcase classname="${classname}" name="${name}" time="0"/>`;
    return `    <testcase classname="${classname}" name="${name}" time="0">\n      <failure message="${escapeXml(o.message)}" type="objective-broken">${escapeXml(o.message)}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="sockscope-gate" tests="${report.objectives.length}" failures="${failures}" time="${report.durationSeconds.toFixed(1)}">`,
    `  <testsuite name="${suite}" tests="${report.objectives.length}" failures="${failures}" errors="0" timestamp="${report.startedAt}" time="${report.durationSeconds.toFixed(1)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
