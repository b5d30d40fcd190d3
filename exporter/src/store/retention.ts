import type { Db } from './open-database.js';

export interface RetentionResult {
  deletedByAge: number;
  deletedBySize: number;
}

/** Deletes rows older than `maxAgeMs`, then the oldest rows until the used pages fit `maxBytes`. */
export function enforceRetention(
  db: Db,
  now: number,
  maxAgeMs: number,
  maxBytes: number,
): RetentionResult {
  const cutoff = now - maxAgeMs;
  const deletedByAge =
    db.prepare('DELETE FROM disconnects WHERE disconnected_at < ?').run(cutoff).changes +
    db.prepare('DELETE FROM errors WHERE ts < ?').run(cutoff).changes;
  let deletedBySize = 0;
  // Used bytes (pages not on the free list): freed pages are reused, so this is what grows the file.
  const usedBytes = (): number => {
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    const pages = Number(db.pragma('page_count', { simple: true }));
    const free = Number(db.pragma('freelist_count', { simple: true }));
    return (pages - free) * pageSize;
  };
  for (let i = 0; i < 1000 && usedBytes() > maxBytes; i++) {
    const total = (db.prepare('SELECT COUNT(*) AS n FROM disconnects').get() as { n: number }).n;
    if (total === 0) break;
    const chunk = Math.max(1, Math.ceil(total / 20));
    deletedBySize += db
      .prepare(
        'DELETE FROM disconnects WHERE id IN (SELECT id FROM disconnects ORDER BY disconnected_at ASC LIMIT ?)',
      )
      .run(chunk).changes;
    const oldestKept = db.prepare('SELECT MIN(disconnected_at) AS t FROM disconnects').get() as {
      t: number | null;
    };
    if (oldestKept.t !== null)
      deletedBySize += db.prepare('DELETE FROM errors WHERE ts < ?').run(oldestKept.t).changes;
  }
  return { deletedByAge, deletedBySize };
}
