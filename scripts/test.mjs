#!/usr/bin/env node
// `npm test`: every workspace's lint, typecheck and tests through turbo, one task at a time
// (load and timing tests share two cores), then one closing line that adds up every runner's
// own summary: "Tests: N passed, N failed".
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const ANSI = /\u001b\[[0-9;]*m/g;
// vitest: "Tests  2 failed | 1 skipped | 48 passed (51)"; Playwright: "  7 passed (1.2m)".
const VITEST = /\bTests\s+(.*)\(\d+\)\s*$/;
const PLAYWRIGHT = /^\s*(\d+) (passed|failed|flaky|skipped)( \(.*\))?\s*$/;

const totals = { passed: 0, failed: 0, skipped: 0 };
function count(text) {
  const vitest = VITEST.exec(text);
  if (vitest?.[1]) {
    for (const [, n, kind] of vitest[1].matchAll(/(\d+) (passed|failed|skipped|todo)/g)) {
      if (kind in totals) totals[kind] += Number(n);
    }
    return;
  }
  const playwright = PLAYWRIGHT.exec(text);
  if (playwright) {
    const kind = playwright[2] === 'flaky' ? 'passed' : playwright[2];
    totals[kind] += Number(playwright[1]);
  }
}

const args = ['turbo', 'run', 'lint', 'typecheck', 'test', '--concurrency=1', ...process.argv.slice(2)];
const child = spawn('npx', args, { stdio: ['inherit', 'pipe', 'inherit'] });
createInterface({ input: child.stdout }).on('line', (line) => {
  process.stdout.write(`${line}\n`);
  // turbo prefixes each line with "<package>:<task>: ".
  count(line.replace(ANSI, '').replace(/^\S+:test:\s?/, ''));
});
child.on('close', (code, signal) => {
  const status = code ?? (signal ? 1 : 0);
  const failed = status !== 0 && totals.failed === 0 ? 1 : totals.failed;
  const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
  console.log(`\nTests: ${totals.passed} passed, ${failed} failed${skipped}`);
  process.exit(status);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
