/** Writes report.json, summary.md, junit.xml and report.html into the out directory. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GateReport } from '../report-types.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';

export async function writeReports(dir: string, report: GateReport): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: [string, string][] = [
    ['report.json', `${JSON.stringify(report, null, 2)}\n`],
    ['summary.md', renderMarkdown(report)],
    ['junit.xml', renderJunit(report)],
    ['report.html', renderHtml(report)],
  ];
  await Promise.all(files.map(([name, text]) => writeFile(join(dir, name), text)));
  return files.map(([name]) => join(dir, name));
}
