/** Filtering and sorting of live session rows (pure; the Sessions table and its tests share it). */
import type { SessionRow, SessionsDelta } from './protocol';

export interface SessionFilters {
  user: string;
  node: string;
  transport: string;
  namespace: string;
  room: string;
}

export type SortKey = 'user' | 'node' | 'transport' | 'namespace' | 'connectedAt' | 'id';

export const EMPTY_FILTERS: SessionFilters = {
  user: '',
  node: '',
  transport: '',
  namespace: '',
  room: '',
};

const COLUMN: Record<SortKey, number> = {
  id: 1,
  node: 2,
  user: 3,
  transport: 4,
  namespace: 5,
  connectedAt: 7,
};

/** Applies a delta to the row map in place. */
export function applyDelta(rows: Map<string, SessionRow>, delta: SessionsDelta): void {
  if (delta.resetNodes.length) {
    const nodes = new Set(delta.resetNodes);
    for (const [key, row] of rows) if (nodes.has(row[2])) rows.delete(key);
  }
  for (const key of delta.remove) rows.delete(key);
  for (const row of delta.add) rows.set(row[0], row);
}

export function filterRows(rows: Iterable<SessionRow>, f: SessionFilters): SessionRow[] {
  const user = f.user.trim().toLowerCase();
  const room = f.room.trim();
  const namespace = f.namespace.trim();
  const out: SessionRow[] = [];
  for (const r of rows) {
    if (user && !(r[3] ?? '').toLowerCase().includes(user)) continue;
    if (f.node && r[2] !== f.node) continue;
    if (f.transport && r[4] !== f.transport) continue;
    if (namespace && r[5] !== namespace) continue;
    if (room && !r[6].includes(room)) continue;
    out.push(r);
  }
  return out;
}

export function sortRows(rows: SessionRow[], key: SortKey, descending: boolean): SessionRow[] {
  const i = COLUMN[key];
  const dir = descending ? -1 : 1;
  return rows.sort((a, b) => {
    const x = a[i];
    const y = b[i];
    if (typeof x === 'number' && typeof y === 'number') return (x - y) * dir;
    const xs = (x ?? '') as string;
    const ys = (y ?? '') as string;
    return xs < ys ? -dir : xs > ys ? dir : 0;
  });
}
