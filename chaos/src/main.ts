#!/usr/bin/env node
import { CASES } from './cases/index.js';
import { parseCliOptions, USAGE } from './cli-options.js';
import { runCase } from './run-cases.js';

let options;
try {
  options = parseCliOptions(process.argv.slice(2));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
}
const unknown = options.only.filter((name) => !CASES.some((c) => c.name === name));
if (unknown.length > 0) {
  console.error(
    `--only: unknown case ${unknown.join(', ')}; known: ${CASES.map((c) => c.name).join(', ')}`,
  );
  process.exit(2);
}
const selected = CASES.filter(
  (c) =>
    (options.only.length === 0 || options.only.includes(c.name)) && (!options.shortOnly || c.short),
);
const context = {
  soakMinutes: options.soakMinutes,
  log: (message: string) => process.stderr.write(`  … ${message}\n`),
};
let failed = 0;
for (const chaosCase of selected) {
  process.stderr.write(`▶ ${chaosCase.name} (case ${chaosCase.issueCase})\n`);
  const outcome = await runCase(chaosCase, context);
  if (!outcome.result.pass) failed++;
  console.log(`${outcome.line} [${(outcome.durationMs / 1000).toFixed(1)}s]`);
}
console.log(`${selected.length - failed}/${selected.length} cases passed`);
process.exit(failed === 0 ? 0 : 1);
