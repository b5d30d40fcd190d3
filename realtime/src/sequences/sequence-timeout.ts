import type { SequenceSource } from './sequence-source.js';

/** The sequence source did not answer in time (Redis down, primary gone): fail, never hang. */
export class SequenceUnavailableError extends Error {
  constructor(room: string, cause?: unknown) {
    super(`no sequence for room ${JSON.stringify(room)}`, { cause });
    this.name = 'SequenceUnavailableError';
  }
}

/**
 * The next `seq` of a room within `timeoutMs`, else a SequenceUnavailableError. A late answer
 * is dropped (at worst a gap in the room's seq, never a repeat).
 */
export function nextWithin(
  sequences: SequenceSource,
  room: string,
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new SequenceUnavailableError(room)), timeoutMs);
    sequences.next(room).then(
      (seq) => {
        clearTimeout(timer);
        resolve(seq);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(new SequenceUnavailableError(room, error));
      },
    );
  });
}
