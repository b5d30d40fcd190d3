'use client';
/**
 * Every node's live sessions in one virtualized table: only the rows on screen are in the DOM,
 * and live changes are folded in at most once per second, so 50,000 rows stay smooth.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { formatInt } from '@/lib/format';
import type { SessionRow } from '@/lib/live/protocol';
import {
  applyDelta,
  EMPTY_FILTERS,
  SortedView,
  type SessionFilters,
  type SortKey,
} from '@/lib/live/session-table';
import { EmptyState } from './empty-state';
import { useLive, useLiveSocket } from './live-provider';
import { LocalTime } from './local-time';
import { Skeleton } from './skeleton';

const ROW_HEIGHT = 33;
const COLUMNS: { key: SortKey; label: string; width: string }[] = [
  { key: 'user', label: 'User', width: '18%' },
  { key: 'node', label: 'Node', width: '12%' },
  { key: 'transport', label: 'Transport', width: '11%' },
  { key: 'namespace', label: 'Namespace', width: '11%' },
  { key: 'connectedAt', label: 'Connected at', width: '18%' },
  { key: 'id', label: 'Socket id', width: '16%' },
];

export function SessionsTable() {
  const socket = useLiveSocket();
  const search = useSearchParams();
  const router = useRouter();
  const rowsRef = useRef(new Map<string, SessionRow>());
  const viewRef = useRef<SortedView | null>(null);
  const [version, setVersion] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [filters, setFilters] = useState<SessionFilters>(() => ({
    ...EMPTY_FILTERS,
    user: search.get('user') ?? '',
    node: search.get('node') ?? '',
    transport: search.get('transport') ?? '',
    namespace: search.get('namespace') ?? '',
    room: search.get('room') ?? '',
  }));
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({
    key: 'connectedAt',
    desc: true,
  });
  const view = (viewRef.current ??= new SortedView(rowsRef.current, filters, sort));

  useEffect(() => {
    if (!socket) return;
    let dirty = false;
    let lastRender = 0;
    const rows = rowsRef.current;
    const render = () => {
      dirty = false;
      lastRender = performance.now();
      setVersion((v) => v + 1);
    };
    const onSnapshot = (snapshot: SessionRow[]) => {
      rows.clear();
      for (const r of snapshot) rows.set(r[0], r);
      viewRef.current?.markRebuild();
      setLoaded(true);
      render();
    };
    // Live changes re-render at once after a quiet second, else at most once per second.
    const onDelta = (delta: Parameters<typeof applyDelta>[1]) => {
      applyDelta(rows, delta);
      viewRef.current?.noteDelta(delta);
      dirty = true;
      if (performance.now() - lastRender >= 1000) render();
    };
    const timer = setInterval(() => {
      if (dirty && performance.now() - lastRender >= 1000) render();
    }, 250);
    socket.on('sessions:snapshot', onSnapshot);
    socket.on('sessions:delta', onDelta);
    const subscribe = () => socket.emit('subscribe', 'sessions');
    socket.on('connect', subscribe);
    if (socket.connected) subscribe();
    return () => {
      clearInterval(timer);
      socket.off('sessions:snapshot', onSnapshot);
      socket.off('sessions:delta', onDelta);
      socket.off('connect', subscribe);
      socket.emit('unsubscribe', 'sessions');
    };
  }, [socket]);

  const visible = useMemo(() => {
    // `version` says when the row map changed; the view merges what changed since.
    void version;
    return view.current();
  }, [version, view]);
  // A new filter or sort rebuilds the view (a render-phase update, as React allows).
  const [viewFor, setViewFor] = useState({ filters, sort });
  if (viewFor.filters !== filters || viewFor.sort !== sort) {
    view.reset(filters, sort);
    setViewFor({ filters, sort });
    setVersion((v) => v + 1);
  }

  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom =
    items.length > 0 ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;

  const set = (key: keyof SessionFilters) => (e: { target: { value: string } }) =>
    setFilters((f) => ({ ...f, [key]: e.target.value }));
  const open = useCallback(
    (r: SessionRow) => router.push(`/sessions/${encodeURIComponent(r[1])}`),
    [router],
  );

  return (
    <>
      <form
        className="toolbar"
        role="search"
        aria-label="Filter sessions"
        onSubmit={(e) => e.preventDefault()}
      >
        <label>
          User
          <input type="search" value={filters.user} onChange={set('user')} placeholder="user id" />
        </label>
        <label>
          Node
          <NodeSelect value={filters.node} onChange={set('node')} />
        </label>
        <label>
          Transport
          <select value={filters.transport} onChange={set('transport')}>
            <option value="">Any</option>
            <option value="websocket">websocket</option>
            <option value="polling">polling</option>
            <option value="webtransport">webtransport</option>
          </select>
        </label>
        <label>
          Namespace
          <input
            type="search"
            value={filters.namespace}
            onChange={set('namespace')}
            placeholder="/"
          />
        </label>
        <label>
          Room
          <input
            type="search"
            value={filters.room}
            onChange={set('room')}
            placeholder="room name"
          />
        </label>
        <button type="button" onClick={() => setFilters(EMPTY_FILTERS)}>
          Clear filters
        </button>
        <output role="status" aria-label="Matching sessions" aria-live="polite">
          {loaded
            ? `${formatInt(visible.length)} of ${formatInt(rowsRef.current.size)} sessions`
            : 'Loading…'}
        </output>
      </form>

      {!loaded ? (
        <div role="status" aria-label="Loading sessions" aria-busy="true">
          {[0, 1, 2, 3, 4, 5].map((i) => (
            <div key={i} style={{ marginBottom: 6 }}>
              <Skeleton height={28} />
            </div>
          ))}
        </div>
      ) : rowsRef.current.size === 0 ? (
        <EmptyState title="No live sessions">
          No client is connected to any node right now. Start the stack with demo traffic (
          <code>npm start</code>) or connect a client to the entry point.
        </EmptyState>
      ) : (
        <div
          ref={parentRef}
          className="vtable"
          role="region"
          aria-label="Live sessions table"
          tabIndex={0}
        >
          <table aria-label="Live sessions" aria-rowcount={visible.length + 1}>
            <colgroup>
              {COLUMNS.map((c) => (
                <col key={c.key} style={{ width: c.width }} />
              ))}
              <col style={{ width: '14%' }} />
            </colgroup>
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th
                    key={c.key}
                    scope="col"
                    aria-sort={
                      sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'
                    }
                  >
                    <button
                      type="button"
                      onClick={() =>
                        setSort((s) => ({
                          key: c.key,
                          desc: s.key === c.key ? !s.desc : c.key === 'connectedAt',
                        }))
                      }
                    >
                      {c.label}
                      {sort.key === c.key ? (sort.desc ? ' ↓' : ' ↑') : ''}
                    </button>
                  </th>
                ))}
                <th scope="col">Rooms</th>
              </tr>
            </thead>
            <tbody>
              {padTop > 0 ? (
                <tr aria-hidden="true">
                  <td colSpan={7} style={{ height: padTop, padding: 0, border: 0 }} />
                </tr>
              ) : null}
              {items.map((item) => (
                <Row
                  key={visible[item.index]![0]}
                  row={visible[item.index]!}
                  index={item.index}
                  onOpen={open}
                />
              ))}
              {padBottom > 0 ? (
                <tr aria-hidden="true">
                  <td colSpan={7} style={{ height: padBottom, padding: 0, border: 0 }} />
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** The node filter: the only part of the table that follows the nodes list. */
function NodeSelect({
  value,
  onChange,
}: {
  value: string;
  onChange: (e: { target: { value: string } }) => void;
}) {
  const { nodes } = useLive();
  return (
    <select value={value} onChange={onChange}>
      <option value="">All nodes</option>
      {(nodes ?? []).map((n) => (
        <option key={n.node} value={n.node}>
          {n.node}
        </option>
      ))}
    </select>
  );
}

/** One row; memoized on the row tuple, which only changes when the session does. */
const Row = memo(function Row({
  row: r,
  index,
  onOpen,
}: {
  row: SessionRow;
  index: number;
  onOpen: (r: SessionRow) => void;
}) {
  return (
    <tr
      className="clickable"
      style={{ height: ROW_HEIGHT }}
      onClick={() => onOpen(r)}
      aria-rowindex={index + 2}
    >
      <td title={r[3] ?? ''}>
        <Link
          href={`/sessions/${encodeURIComponent(r[1])}`}
          onClick={(e) => e.stopPropagation()}
          prefetch={false}
        >
          {r[3] ?? '(anonymous)'}
        </Link>
      </td>
      <td>{r[2]}</td>
      <td>{r[4]}</td>
      <td>{r[5]}</td>
      <td>
        <LocalTime ms={r[7]} />
      </td>
      <td title={r[1]}>{r[1]}</td>
      <td title={r[6].join(', ')}>{r[6].join(', ') || '–'}</td>
    </tr>
  );
});
