import { resolve } from 'node:path';
import type { StackOptions } from './cli-options.js';
import { createDevJwt } from './dev-jwt.js';
import type { Logger } from './logger.js';
import { SERVICES } from './services/index.js';
import type { RunningService, StackContext, StackService } from './stack-context.js';
import { removeStackFile, writeStackFile } from './stack-file.js';

export interface CreateStackOptions {
  options: StackOptions;
  logger: Logger;
  /** The parts to start, in order. @default SERVICES */
  services?: readonly StackService[];
  /** Aborting it (Ctrl-C while starting) stops what has started and rejects with StackAbortedError. */
  signal?: AbortSignal;
}

export class StackAbortedError extends Error {
  constructor() {
    super('stopped while starting');
  }
}

export interface Stack {
  context: StackContext;
  /** Absolute path of the written stack file. */
  stackFilePath: string;
  /** Banner lines from every service. */
  urls: { label: string; url: string }[];
  /** Stops every service (reverse order) and removes the stack file. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts every service in order, writes the stack file; on a failed start, stops what started. */
export async function createStack({
  options,
  logger,
  services = SERVICES,
  signal,
}: CreateStackOptions): Promise<Stack> {
  const jwt = createDevJwt();
  const context: StackContext = {
    options,
    logger,
    jwt,
    nodes: [],
    file: { entry: '', nodes: [], exporters: [], dashboard: null, prometheus: null, jwt },
  };
  const stackFilePath = resolve(options.stackFile);
  const running: { name: string; service: RunningService }[] = [];
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      for (const { name, service } of running.reverse()) {
        try {
          await service.stop();
        } catch (error) {
          logger.error(
            { service: name, err: (error as Error).message },
            'service did not stop cleanly',
          );
        }
      }
      await removeStackFile(stackFilePath);
    })());

  try {
    for (const service of services) {
      logger.debug({ service: service.name }, 'starting');
      if (signal?.aborted) throw new StackAbortedError();
      running.push({ name: service.name, service: await service.start(context) });
    }
    if (signal?.aborted) throw new StackAbortedError();
    await writeStackFile(stackFilePath, {
      ...context.file,
      pid: process.pid,
      startedAt: new Date().toISOString(),
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    context,
    stackFilePath,
    urls: running.flatMap(({ service }) => service.urls ?? []),
    stop,
  };
}
