#!/usr/bin/env node
/**
 * `npm run loadtest -- <scenario> [gate flags]`: runs the gate against the local stack described
 * by `.sockscope/stack.json` (start it with `npm start`), with the scenario's shipped SLO.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { STACK_FILE_PATH } from '@sockscope/contracts';
import { parseGateArgs, UsageError, USAGE } from '../gate/cli-args.js';
import { runGate } from '../gate/run-gate.js';

function findStackFile(): string {
  let dir = process.env['INIT_CWD'] ?? process.cwd();
  for (;;) {
    const candidate = resolve(dir, STACK_FILE_PATH);
    if (existsSync(candidate)) return candidate;
    const parent = resolve(dir, '..');
    if (parent === dir) return resolve(process.env['INIT_CWD'] ?? process.cwd(), STACK_FILE_PATH);
    dir = parent;
  }
}

async function main(): Promise<number> {
  const [scenario, ...rest] = process.argv.slice(2);
  if (!scenario || scenario.startsWith('-')) {
    console.error(`usage: npm run loadtest -- <scenario> [gate flags]\n\n${USAGE}`);
    return 2;
  }
  const stackFile = findStackFile();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  // <repo>/loadtest-report/<scenario>-<time>: where the stack's dashboard lists gate runs.
  const defaults = ['--stack', stackFile, '--out', resolve(stackFile, '..', '..', 'loadtest-report', `${scenario}-${stamp}`)];
  let args;
  try {
    args = parseGateArgs(['--scenario', scenario, ...defaults, ...rest]);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`loadtest: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const outcome = await runGate(args, { log: (l) => console.log(l), error: (l) => console.error(l), env: process.env });
  return outcome.exitCode;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`loadtest: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 2;
  },
);
