import type { StackFile } from '@sockscope/contracts';
import type { StackOptions } from './cli-options.js';
import type { Logger } from './logger.js';

/** A realtime node of the stack, kept up to date by the nodes service. */
export interface StackNode {
  id: string;
  url: string;
  port: number;
  pid: number;
  /** Answers 200 on /readyz (updated by the entry's readiness checks and on exit). */
  ready: boolean;
  exited: boolean;
}

/** The stack file as services fill it in; `pid` and `startedAt` are added when it is written. */
export type StackFileDraft = Omit<StackFile, 'pid' | 'startedAt'>;

/** What every service gets: the options, a logger, the dev JWT, the nodes, the file so far. */
export interface StackContext {
  readonly options: StackOptions;
  readonly logger: Logger;
  readonly jwt: StackFile['jwt'];
  /** Filled by the nodes service; later services (exporters, demo traffic) read it. */
  readonly nodes: StackNode[];
  /** Each service writes its part (entry, nodes, exporters, dashboard, prometheus). */
  readonly file: StackFileDraft;
}

export interface RunningService {
  /** Lines for the banner printed once the stack is up, e.g. `{ label: 'entry', url }`. */
  urls?: { label: string; url: string }[];
  /** Stops everything the service started (called in reverse start order). */
  stop(): Promise<void>;
}

/** One part of the stack. Services start in list order (see services/index.ts). */
export interface StackService {
  name: string;
  start(context: StackContext): Promise<RunningService>;
}
