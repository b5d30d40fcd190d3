#!/usr/bin/env node
// sockscope-realtime: one realtime node, configured by environment and flags.
import { ConfigError } from './config/config-error.js';
import { loadConfig } from './config/load-config.js';
import { createRealtimeNode } from './realtime-node.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env, process.argv.slice(2));
  const node = await createRealtimeNode(config);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    // drain() is bounded by DRAIN_TIMEOUT_MS; this is the last resort.
    setTimeout(() => process.exit(1), config.drainTimeoutMs + 2000).unref();
    void node.drain().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`sockscope-realtime: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `sockscope-realtime: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
