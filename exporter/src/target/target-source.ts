import type { Ingest } from '../state/ingest.js';

/** A connection to the watched node that feeds an Ingest. */
export interface TargetSource {
  close(): void;
}

export interface TargetSourceOptions {
  url: string;
  ingest: Ingest;
  reconnectDelayMs: number;
  reconnectDelayMaxMs: number;
  /** Counts messages that could not be applied (logged, never fatal). */
  onBadMessage: (error: unknown) => void;
}
