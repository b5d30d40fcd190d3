#!/usr/bin/env node
/** `sockscope-gate`: see USAGE. */
import { parseGateArgs, UsageError, USAGE } from './cli-args.js';
import { runGate } from './run-gate.js';

async function main(): Promise<number> {
  let args;
  try {
    args = parseGateArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`sockscope-gate: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  const outcome = await runGate(args, {
    log: (line) => console.log(line),
    error: (line) => console.error(line),
    env: process.env,
    signal: controller.signal,
  });
  return outcome.exitCode;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`sockscope-gate: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 2;
  },
);
