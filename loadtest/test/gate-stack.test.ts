/**
 * The gate against the local stack (`startStack`: what `npm start` runs): a shipped SLO passes
 * (exit 0) and an impossible objective breaks (exit 1), named with the measured value and the
 * bound, in stderr and in junit.xml. With the stack's exporters the reports carry the diagnosis
 * findings of the run's window: none above info for a healthy chat run, and the refused
 * credentials of auth-abuse as the first finding.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type RunningStack } from '@sockscope/testkit';
import { escapeXml } from '../src/gate/report/escape.js';
import { outDir, runGateCli } from './support/gate-cli.js';

describe('sockscope-gate against the local stack', () => {
  let stack: RunningStack;

  beforeAll(async () => {
    stack = await startStack({ nodes: 3 });
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  }, 30_000);

  it('passes the shipped auth-abuse SLO (exit 0): every bad credential refused', async () => {
    const run = await runGateCli(['--scenario', 'auth-abuse', '--stack', stack.stackFilePath, '--duration', '3', '--rate', '3']);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('gate: PASS');
    const report = await run.report();
    expect(report.client.counters['sockscope.auth_attempts']).toBeGreaterThanOrEqual(8 * 9);
    expect(report.client.counters['sockscope.auth_refused']).toBe(report.client.counters['sockscope.auth_attempts']);
    for (const file of ['summary.md', 'junit.xml', 'report.html']) {
      expect((await readFile(join(run.out, file), 'utf8')).length).toBeGreaterThan(100);
    }
    const html = await readFile(join(run.out, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link|src="http/);
    // Every refused credential is a connect error on the nodes: the diagnosis names them.
    const refusals = report.findings?.find((f) => f.id === 'auth-refusals');
    expect(refusals, JSON.stringify(report.findings)).toBeDefined();
    expect(report.findings?.[0]?.id).toBe('auth-refusals');
    expect(refusals?.evidence.reduce((n, e) => n + Number(e.value), 0)).toBe(report.client.counters['sockscope.auth_refused']);
    expect(html).toContain('<h2>Diagnosis</h2>');
    expect(html).toContain(escapeXml(refusals?.title ?? '?'));
    expect(await readFile(join(run.out, 'summary.md'), 'utf8')).toContain(refusals?.title ?? '?');
  }, 60_000);

  it('passes the shipped chat SLO with the stack’s exporters (exit 0), with the window’s findings in every report', async () => {
    expect(stack.stackFile.exporters.length).toBe(3);
    const run = await runGateCli(['--scenario', 'chat', '--stack', stack.stackFilePath, '--duration', '4', '--rate', '3']);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const report = await run.report();
    expect(report.server?.source).toBe('exporters');
    expect(report.server?.nodes).toHaveLength(3);
    // A healthy run: the diagnosis was made on every node and finds nothing above info.
    expect(Array.isArray(report.findings)).toBe(true);
    expect(report.diagnosis).toEqual({ missingNodes: [], error: null });
    expect(report.findings?.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(await readFile(join(run.out, 'summary.md'), 'utf8')).toContain('### Diagnosis');
    expect(await readFile(join(run.out, 'report.html'), 'utf8')).toContain('<h2>Diagnosis</h2>');
  }, 60_000);

  it('breaks an impossible objective (exit 1), naming it with the measured value and the bound', async () => {
    const slo = join(await outDir(), 'impossible.yml');
    await writeFile(slo, 'objectives:\n  - vusers.failed == 0\n  - name: instant delivery\n    expr: delivery_latency.p50 < 0\n');
    const run = await runGateCli(['--scenario', 'chat', '--stack', stack.stackFilePath, '--slo', slo, '--duration', '3', '--rate', '3']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/BROKEN instant delivery: delivery_latency\.p50 = \d+(\.\d+)? \(bound < 0\)/);
    const report = await run.report();
    expect(report.verdict).toBe('fail');
    expect(report.objectives.find((o) => o.name === 'vusers.failed == 0')?.holds).toBe(true);
    const junit = await readFile(join(run.out, 'junit.xml'), 'utf8');
    expect(junit).toContain('tests="2" failures="1"');
    expect(junit).toContain('<failure message="delivery_latency.p50 = ');
  }, 60_000);

  // Last: it drains node-1 of the shared stack.
  it('names the drained node of reconnect-storm as a deploy/restart finding in the report', async () => {
    const slo = join(await outDir(), 'drain.yml');
    await writeFile(slo, 'objectives:\n  - reconnect_affected > 0\n');
    const run = await runGateCli(['--scenario', 'reconnect-storm', '--stack', stack.stackFilePath, '--slo', slo], { timeoutMs: 60_000 });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const report = await run.report();
    const drained = stack.stackFile.nodes[0]?.id ?? '?';
    const restart = report.findings?.find((f) => f.id === 'deploy-restart');
    expect(restart, JSON.stringify(report.findings)).toBeDefined();
    expect(restart?.title).toContain(`Node ${drained} shut down`);
    // Every VU the drain cut off is one of the finding's sessions.
    expect(restart?.impact.sessions).toBeGreaterThanOrEqual(report.client.counters['sockscope.reconnect_affected'] ?? Infinity);
    expect(report.findings?.[0]?.id).toBe('deploy-restart');
    expect(await readFile(join(run.out, 'summary.md'), 'utf8')).toContain(`Node ${drained} shut down`);
  }, 70_000);
});
