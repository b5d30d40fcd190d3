'use client';
/** Says which nodes' exporters do not answer, so every page's numbers read as partial. */
import { useLive } from './live-provider';

export function NodeBanner() {
  const { nodes, connected, socket } = useLive();
  if (socket && !connected && nodes !== null) {
    return (
      <div role="status" aria-label="Live updates" className="banner bad">
        Live updates paused: reconnecting to the dashboard server…
      </div>
    );
  }
  const missing = (nodes ?? []).filter((n) => !n.available).map((n) => n.node);
  if (missing.length === 0) return null;
  return (
    <div role="status" aria-label="Unavailable nodes" className="banner">
      Partial results: {missing.length === 1 ? 'node' : 'nodes'} {missing.join(', ')}{' '}
      {missing.length === 1 ? 'is' : 'are'} unavailable (exporter not answering). Other nodes stay
      live.
    </div>
  );
}
