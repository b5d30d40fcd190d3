/**
 * The gate: check the target, start the server-side window, run Artillery, close the window,
 * judge the SLO, write the reports. Returns the exit code (0 holds, 1 breaks, 2 could not run).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { mintToken } from '../processor/mint-token.js';
import { readSigningConfig, SIGNING_ENV } from '../processor/signing.js';
import type { Finding } from '@sockscope/diagnosis';
import type { GateArgs } from './cli-args.js';
import { clientNumbers, timeline } from './client-numbers.js';
import { createExporterCollector, type ServerCollector } from './collect/exporter-collector.js';
import { createPrometheusCollector } from './collect/prometheus-collector.js';
import type { ExporterEndpoint } from './collect/scrape.js';
import { runFindings, type RunFindingsOptions } from './diagnosis/run-findings.js';
import { scheduleDrain, type DrainHandle } from './drain-hook.js';
import { judge } from './judge.js';
import { defaultSlo, resolveScenario, scenarioName } from './paths.js';
import { createProgress } from './progress.js';
import { checkReachable } from './reachability.js';
import { writeReports } from './report/write-reports.js';
import type { GateReport } from './report-types.js';
import { runArtillery } from './run-artillery.js';
import { buildRunScript } from './run-script.js';
import { loadSlo, type Slo } from './slo.js';
import { readStackFile } from './stack.js';

export interface GateIo {
  log(line: string): void;
  error(line: string): void;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

export interface GateOutcome {
  exitCode: 0 | 1 | 2;
  report: GateReport | null;
  /** Why the run could not happen (exit 2). */
  reason?: string;
}

/** A failure before or around the run: exit 2 with this message. */
class CannotRun extends Error {}

async function step<T>(what: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw new CannotRun(what ? `${what}: ${(error as Error).message}` : (error as Error).message);
  }
}

export async function runGate(args: GateArgs, io: GateIo): Promise<GateOutcome> {
  try {
    return await runChecked(args, io);
  } catch (error) {
    const reason = (error as Error).message;
    io.error(`gate: the run could not happen: ${reason}`);
    return { exitCode: 2, report: null, reason };
  }
}

async function runChecked(args: GateArgs, io: GateIo): Promise<GateOutcome> {
  const env: NodeJS.ProcessEnv = { ...io.env };
  const stack = args.stack ? await step('', () => readStackFile(resolve(args.stack as string))) : null;
  if (stack && args.stack) env[SIGNING_ENV.stack] = resolve(args.stack);
  const target = args.target ?? stack?.entry ?? '';
  const scenarioPath = await step('', async () => resolveScenario(args.scenario));
  const sloPath = args.slo ? resolve(args.slo) : defaultSlo(scenarioPath);
  if (!sloPath) throw new CannotRun(`--slo is required: there is no shipped SLO for ${scenarioName(scenarioPath)}`);
  const slo: Slo = await step(`--slo ${sloPath}`, () => loadSlo(sloPath));
  const baseline = args.baseline
    ? await step(`--baseline ${args.baseline}`, async () => JSON.parse(await readFile(args.baseline as string, 'utf8')) as GateReport)
    : null;
  if (baseline && (baseline.version !== 1 || !baseline.client)) throw new CannotRun(`--baseline ${args.baseline} is not a gate report.json`);
  // Fail now, not in every VU, when there is no way to sign tokens.
  const signing = await step('JWT signing', async () => readSigningConfig(env));
  await step('JWT signing', () => mintToken(signing, 'sockscope-gate-check'));
  env['SOCKSCOPE_TARGET'] = target;

  const outDir = resolve(args.out);
  await mkdir(outDir, { recursive: true });
  const script = await step(`--scenario ${scenarioPath}`, () => buildRunScript(scenarioPath, target, { duration: args.duration, rate: args.rate }));
  const scriptPath = join(outDir, 'artillery-script.yml');
  await writeFile(scriptPath, script.yaml);

  let collector: ServerCollector | null = null;
  if (args.prometheus) collector = createPrometheusCollector(args.prometheus);
  else if (args.exporters.length > 0 || stack) {
    const exporters: ExporterEndpoint[] = stack
      ? stack.exporters.map((e) => ({ url: e.url, token: e.token }))
      : args.exporters.map((url) => (args.exporterToken ? { url, token: args.exporterToken } : { url }));
    const nodePids = stack ? stack.nodes.flatMap((n) => (n.pid ? [n.pid] : [])) : [];
    // Without an exporter there are no server counters: report none rather than zeros.
    if (exporters.length > 0) collector = createExporterCollector({ exporters, nodePids });
  }
  const serverObjective = [...slo.objectives, ...slo.regressions].find((o) => o.metric.startsWith('server.'));
  if (serverObjective && !collector) {
    throw new CannotRun(
      `the SLO names server metrics (${serverObjective.metric}) but there is no server-side source: pass --exporters, --prometheus, or --stack with exporters`,
    );
  }

  await step('', () => checkReachable(target));

  let drain: DrainHandle | null = null;
  if (script.hooks.drain) {
    const node = stack?.nodes[script.hooks.drain.node];
    if (!node?.pid) throw new CannotRun(`${scenarioName(scenarioPath)} drains node #${script.hooks.drain.node}: pass --stack with node pids`);
    drain = scheduleDrain({ id: node.id, pid: node.pid }, script.hooks.drain.afterSeconds, script.hooks.drain.signal);
  }

  const startedAt = new Date();
  try {
    await step('server-side source', async () => collector?.start());
  } catch (error) {
    drain?.cancel();
    throw error;
  }
  io.log(`gate: running ${scenarioName(scenarioPath)} against ${target} (${script.plannedSeconds} s of arrivals), SLO ${slo.name}`);
  const progress = createProgress({ plannedSeconds: script.plannedSeconds });
  void drain?.done.then((message) => progress.note(`gate: ${message}`));
  const tail: string[] = [];
  let artillery;
  try {
    artillery = await step('Artillery', () =>
      runArtillery({
        scriptPath,
        outputPath: join(outDir, 'artillery.json'),
        env,
        tail,
        onLine: (line) => {
          progress.line(line);
          drain?.line(line);
        },
        ...(io.signal ? { signal: io.signal } : {}),
      }),
    );
  } finally {
    progress.stop();
    drain?.cancel();
  }
  const server = collector ? await step('server-side source', () => (collector as ServerCollector).stop()) : null;
  const endedAt = new Date();

  const diagnosisSource: Omit<RunFindingsOptions, 'from' | 'to'> | null =
    stack && args.stack && stack.exporters.length > 0
      ? { stackFile: resolve(args.stack) }
      : args.exporters.length > 0 && args.exporterToken
        ? { exporters: args.exporters.map((url) => ({ node: new URL(url).host, url, token: args.exporterToken as string })) }
        : null;
  let findings: Finding[] | null = null;
  let diagnosis: GateReport['diagnosis'] = null;
  if (diagnosisSource) {
    try {
      const made = await runFindings({ ...diagnosisSource, from: startedAt.getTime(), to: Date.now() });
      findings = made.items;
      diagnosis = { missingNodes: made.missingNodes, error: null };
    } catch (error) {
      // The verdict stands without the diagnosis; the report says why it is missing.
      diagnosis = { missingNodes: [], error: (error as Error).message };
    }
  }

  const client = clientNumbers(artillery);
  const objectives = judge(slo, client, server, baseline);
  const verdict = objectives.every((o) => o.holds) ? 'pass' : 'fail';
  const report: GateReport = {
    version: 1,
    scenario: scenarioName(scenarioPath),
    target,
    slo: sloPath,
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    durationSeconds: (endedAt.getTime() - startedAt.getTime()) / 1000,
    verdict,
    client,
    server,
    objectives,
    timeline: timeline(artillery),
    baseline: args.baseline ? resolve(args.baseline) : null,
    findings,
    diagnosis,
  };
  await writeReports(outDir, report);
  for (const o of objectives) {
    if (o.holds) io.log(`gate: ok     ${o.name}: ${o.message}`);
    else io.error(`gate: BROKEN ${o.name}: ${o.message}`);
  }
  if (findings) {
    const above = findings.filter((f) => f.severity !== 'info');
    io.log(`gate: diagnosis: ${findings.length} finding(s)${above.length > 0 ? `, ${above.map((f) => `${f.severity} ${f.id}`).join(', ')}` : ''}`);
  }
  io.log(`gate: ${verdict.toUpperCase()} — reports in ${outDir}`);
  return { exitCode: verdict === 'pass' ? 0 : 1, report };
}
