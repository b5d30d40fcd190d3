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
  return rows.sort(comparator(key, descending));
}

function comparator(key: SortKey, descending: boolean): (a: SessionRow, b: SessionRow) => number {
  const i = COLUMN[key];
  const dir = descending ? -1 : 1;
  return (a, b) => {
    const x = a[i];
    const y = b[i];
    if (typeof x === 'number' && typeof y === 'number') return (x - y) * dir;
    const xs = (x ?? '') as string;
    const ys = (y ?? '') as string;
    return xs < ys ? -dir : xs > ys ? dir : 0;
  };
}

/**
 * The filtered, sorted rows, kept up to date incrementally: live changes are merged into the
 * sorted list (O(n + k log k)) instead of filtering and sorting every row again each time.
 */
export class SortedView {
  private list: SessionRow[] = [];
  private added: SessionRow[] = [];
  private removed = new Set<string>();
  private rebuild = true;

  constructor(
    private readonly rows: Map<string, SessionRow>,
    private filters: SessionFilters,
    private sort: { key: SortKey; desc: boolean },
  ) {}

  /** Records a delta already applied to the row map. */
  noteDelta(delta: SessionsDelta): void {
    if (this.rebuild) return;
    if (delta.resetNodes.length > 0 || this.added.length + delta.add.length > 5000) {
      this.rebuild = true;
      this.added = [];
      this.removed.clear();
      return;
    }
    for (const key of delta.remove) this.removed.add(key);
    for (const row of delta.add) {
      // A changed row replaces the old one: drop the old, merge the new.
      this.removed.add(row[0]);
      this.added.push(row);
    }
  }

  reset(filters: SessionFilters, sort: { key: SortKey; desc: boolean }): void {
    this.filters = filters;
    this.sort = sort;
    this.rebuild = true;
  }

  markRebuild(): void {
    this.rebuild = true;
  }

  /** The rows to show now. Returns the same array when nothing changed. */
  current(): SessionRow[] {
    const cmp = comparator(this.sort.key, this.sort.desc);
    if (this.rebuild) {
      this.rebuild = false;
      this.added = [];
      this.removed.clear();
      this.list = filterRows(this.rows.values(), this.filters).sort(cmp);
      return this.list;
    }
    if (this.added.length === 0 && this.removed.size === 0) return this.list;
    // Only rows still in the map in their latest version count.
    const fresh = filterRows(
      this.added.filter((r) => this.rows.get(r[0]) === r),
      this.filters,
    ).sort(cmp);
    const kept =
      this.removed.size > 0 ? this.list.filter((r) => !this.removed.has(r[0])) : this.list;
    const merged: SessionRow[] = new Array(kept.length + fresh.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < kept.length && j < fresh.length)
      merged[k++] = cmp(kept[i]!, fresh[j]!) <= 0 ? kept[i++]! : fresh[j++]!;
    while (i < kept.length) merged[k++] = kept[i++]!;
    while (j < fresh.length) merged[k++] = fresh[j++]!;
    // Dedupe a key added twice in one batch (keep the latest, which the map holds).
    this.list = fresh.length > 1 ? dedupe(merged) : merged;
    this.added = [];
    this.removed.clear();
    return this.list;
  }
}

function dedupe(rows: SessionRow[]): SessionRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r[0]) ? false : (seen.add(r[0]), true)));
}
