#!/usr/bin/env node
import { CliError, HELP_TEXT, parseCli } from './cli-args.js';
import { createExporter } from './create-exporter.js';
import { createLogger } from './logger.js';
import { OptionsError } from './resolve-options.js';

const logger = createLogger();

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseCli(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`sockscope-exporter: ${error.message}\n(see --help)\n`);
      process.exit(2);
    }
    throw error;
  }
  if (parsed.help) {
    process.stdout.write(HELP_TEXT);
    return;
  }
  let exporter;
  try {
    exporter = await createExporter({ ...parsed.options, logger });
  } catch (error) {
    if (error instanceof OptionsError) {
      process.stderr.write(`sockscope-exporter: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  // One line on stdout for whoever spawned us (the local stack, tests).
  process.stdout.write(
    `${JSON.stringify({ msg: 'listening', url: exporter.url, port: exporter.port })}\n`,
  );
  const stop = (signal: string): void => {
    logger.info({ signal }, 'stopping');
    exporter.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'exporter failed');
  process.exit(1);
});
