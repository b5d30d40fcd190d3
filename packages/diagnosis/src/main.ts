#!/usr/bin/env node
// sockscope-diagnose: ranked disconnect findings for a time window, from the exporters.
import { collectDiagnosisInput, CollectOptionsError } from './collect/collect-input.js';
import { CliError, HELP_TEXT, parseArgs } from './cli/args.js';
import { formatFindings } from './cli/format.js';
import { diagnose } from './diagnose.js';

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2));
  if (parsed.help) {
    process.stdout.write(HELP_TEXT);
    return 0;
  }
  const o = parsed.options;
  const input = await collectDiagnosisInput({
    from: o.from,
    to: o.to,
    ...(o.exporters && { exporters: o.exporters }),
    ...(o.stackFile !== undefined && { stackFile: o.stackFile }),
    ...(o.prometheusUrl !== undefined && { prometheusUrl: o.prometheusUrl }),
  });
  const findings = diagnose(input, {
    ...(o.pingIntervalMs !== undefined && { pingIntervalMs: o.pingIntervalMs }),
    ...(o.pingTimeoutMs !== undefined && { pingTimeoutMs: o.pingTimeoutMs }),
  });
  if (o.json)
    process.stdout.write(`${JSON.stringify({ from: o.from, to: o.to, findings }, null, 2)}\n`);
  else process.stdout.write(formatFindings(findings, input));
  if (input.nodes.every((n) => n.status === null)) {
    process.stderr.write('sockscope-diagnose: no exporter answered\n');
    return 3;
  }
  return findings.some((f) => f.severity !== 'info') ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof CliError) {
      process.stderr.write(`sockscope-diagnose: ${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof CollectOptionsError) {
      process.stderr.write(
        `sockscope-diagnose: ${error.parameter === 'stackFile' ? '--stack' : error.parameter}: ${error.message}\n`,
      );
      process.exit(2);
    }
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      process.stderr.write(`sockscope-diagnose: --stack: ${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(
      `sockscope-diagnose: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
