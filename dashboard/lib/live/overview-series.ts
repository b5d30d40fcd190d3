/** Turns Overview ticks into chart series (pure, shared by the live view and the Prometheus range view). */
import type { OverviewTick } from './protocol';

export interface OverviewSeries {
  nodes: string[];
  reasons: string[];
  connected: Record<string, number>[];
  flow: { t: number; connects: number; disconnects: number; handshakeErrors: number }[];
  byReason: Record<string, number>[];
  messages: { t: number; in: number; out: number; bytesIn: number; bytesOut: number }[];
  /** Disconnects in the window by reason (rate × interval, summed). */
  reasonTotals: Record<string, number>;
}

export function overviewSeries(ticks: readonly OverviewTick[]): OverviewSeries {
  const nodes = new Set<string>();
  const reasons = new Set<string>();
  const reasonTotals: Record<string, number> = {};
  const out: OverviewSeries = {
    nodes: [],
    reasons: [],
    connected: [],
    flow: [],
    byReason: [],
    messages: [],
    reasonTotals,
  };
  let prevT: number | null = null;
  const lastCumulative = new Map<string, Record<string, number>>();
  for (const tick of ticks) {
    const connected: Record<string, number> = { t: tick.t };
    const byReason: Record<string, number> = { t: tick.t };
    let connects = 0;
    let disconnects = 0;
    let handshakeErrors = 0;
    let mIn = 0;
    let mOut = 0;
    let bIn = 0;
    let bOut = 0;
    const secs = prevT === null ? 1 : Math.max(0.001, (tick.t - prevT) / 1000);
    for (const [node, n] of Object.entries(tick.nodes)) {
      nodes.add(node);
      connected[node] = n.connected;
      connects += n.connectsPerSec;
      disconnects += n.disconnectsPerSec;
      handshakeErrors += n.handshakeErrorsPerSec;
      mIn += n.messagesInPerSec;
      mOut += n.messagesOutPerSec;
      bIn += n.bytesInPerSec;
      bOut += n.bytesOutPerSec;
      for (const [reason, r] of Object.entries(n.disconnectsByReason)) {
        reasons.add(reason);
        byReason[reason] = (byReason[reason] ?? 0) + r;
        if (!n.disconnectsCumulative) reasonTotals[reason] = (reasonTotals[reason] ?? 0) + r * secs;
      }
      if (n.disconnectsCumulative) {
        // Exact: differences of the node's own counters (a restart starts from zero).
        const before = lastCumulative.get(node);
        if (before) {
          for (const [reason, v] of Object.entries(n.disconnectsCumulative)) {
            const b = before[reason] ?? 0;
            const d = v >= b ? v - b : v;
            if (d > 0) {
              reasons.add(reason);
              reasonTotals[reason] = (reasonTotals[reason] ?? 0) + d;
            }
          }
        }
        lastCumulative.set(node, n.disconnectsCumulative);
      }
    }
    prevT = tick.t;
    out.connected.push(connected);
    out.byReason.push(byReason);
    out.flow.push({ t: tick.t, connects, disconnects, handshakeErrors });
    out.messages.push({ t: tick.t, in: mIn, out: mOut, bytesIn: bIn, bytesOut: bOut });
  }
  out.nodes = [...nodes].sort();
  out.reasons = [...reasons].sort();
  for (const r of out.reasons) reasonTotals[r] = Math.round(reasonTotals[r] ?? 0);
  return out;
}

export const PALETTE = [
  '#2563eb',
  '#16a34a',
  '#dc2626',
  '#d97706',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#65a30d',
  '#64748b',
  '#ea580c',
];

export function colorFor(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}
