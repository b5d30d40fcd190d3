'use client';
/**
 * A time shown in the browser's zone, with UTC on hover. Server and hydration render UTC (the
 * server does not know the zone); anything mounted after hydration renders local at once.
 */
import { memo, useSyncExternalStore } from 'react';

const noop = () => () => undefined;

function LocalTimeInner({
  ms,
  withDate = true,
}: {
  ms: number | null | undefined;
  withDate?: boolean;
}) {
  const client = useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
  if (ms === null || ms === undefined) return <span>–</span>;
  const d = new Date(ms);
  const iso = d.toISOString();
  const utc = `${iso.replace('T', ' ').slice(0, 19)} UTC`;
  return (
    <time dateTime={iso} title={`${iso.replace('T', ' ').replace('Z', ' UTC')}`}>
      {client ? (withDate ? d.toLocaleString() : d.toLocaleTimeString()) : utc}
    </time>
  );
}

export const LocalTime = memo(LocalTimeInner);
