'use client';
/** A time shown in the browser's zone, with UTC on hover. Renders UTC until mounted (no hydration mismatch). */
import { useEffect, useState } from 'react';

export function LocalTime({ ms, withDate = true }: { ms: number | null | undefined; withDate?: boolean }) {
  const [local, setLocal] = useState<string | null>(null);
  useEffect(() => {
    if (ms === null || ms === undefined) return;
    const d = new Date(ms);
    setLocal(withDate ? d.toLocaleString() : d.toLocaleTimeString());
  }, [ms, withDate]);
  if (ms === null || ms === undefined) return <span>–</span>;
  const iso = new Date(ms).toISOString();
  return (
    <time dateTime={iso} title={`${iso.replace('T', ' ').replace('Z', ' UTC')}`}>
      {local ?? iso.replace('T', ' ').slice(0, 19) + ' UTC'}
    </time>
  );
}
