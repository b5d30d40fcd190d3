#!/usr/bin/env node
// The local stack (`npm start`): realtime nodes behind a sticky entry point, and the parts
// listed in services/index.ts. Ctrl-C or SIGTERM stops everything it started.
import { relative } from 'node:path';
import { parseCliOptions, UsageError, USAGE } from './cli-options.js';
import { createStack, StackAbortedError, type Stack } from './create-stack.js';
import { createLogger } from './logger.js';

async function main(): Promise<void> {
  const options = parseCliOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const logger = createLogger(options.logLevel);
  let signals = 0;
  // Set once started; a signal while starting aborts the start, which stops what has started.
  const started: { stack?: Stack } = {};
  const starting = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ signal }, 'second signal: exiting without waiting for the nodes to drain');
      process.exit(1);
    }
    logger.info({ signal }, 'stopping the stack');
    if (!started.stack) {
      starting.abort();
      return;
    }
    void started.stack.stop().then(() => {
      logger.info('stopped');
      process.exit(0);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let stack: Stack;
  try {
    stack = await createStack({ options, logger, signal: starting.signal });
  } catch (error) {
    if (!(error instanceof StackAbortedError)) throw error;
    logger.info('stopped');
    process.exit(0);
  }
  started.stack = stack;
  // The entry first: it is what clients connect to.
  const urls = [...stack.urls].sort(
    (a, b) => Number(b.label === 'entry') - Number(a.label === 'entry'),
  );
  const width = Math.max(...urls.map((u) => u.label.length), 10);
  const shownPath = relative(process.cwd(), stack.stackFilePath);
  const lines = [
    '',
    'sockscope local stack is up',
    ...urls.map(({ label, url }) => `  ${label.padEnd(width)}  ${url}`),
    `  ${'stack file'.padEnd(width)}  ${shownPath.startsWith('..') ? stack.stackFilePath : shownPath} (mode 0600: dev JWT secret, tokens)`,
    '',
    `Connect Socket.IO clients to the entry with a token signed by the stack file's jwt (HS256).`,
    'Ctrl-C stops everything.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`sockscope-stack: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `sockscope-stack: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
