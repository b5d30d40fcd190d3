import { disconnectsLink } from '../links.js';
import { clamp01, impactOf, percent, seconds } from '../stats.js';
import type { Detector, Finding } from '../types.js';

const MIN_SESSIONS = 3;
/** Reconnects counted as "the same clients coming back" up to this long after the burst. */
const RECONNECT_WINDOW_MS = 60_000;
const SHUTDOWN_REASONS = new Set(['server shutting down', 'forced server close']);

/**
 * A burst of `server shutting down` on one node (a deploy, a restart, a scale-in), and whether
 * the clients came back elsewhere.
 */
export const deployRestart: Detector = ({ disconnects, sessions, input }) => {
  const findings: Finding[] = [];
  for (const { node } of input.nodes) {
    const shut = disconnects.filter((d) => d.node === node && SHUTDOWN_REASONS.has(d.reason));
    if (shut.length < MIN_SESSIONS) continue;
    const first = Math.min(...shut.map((d) => d.disconnectedAt));
    const last = Math.max(...shut.map((d) => d.disconnectedAt));
    const ids = new Set(shut.map((d) => d.id));
    const users = new Set(shut.map((d) => d.user).filter((u): u is string => u !== null));
    // A client is back when a later session names the old one, or the same user connects again.
    const back = sessions.filter(
      (s) =>
        s.connectedAt >= first &&
        s.connectedAt <= last + RECONNECT_WINDOW_MS &&
        ((s.lastDisconnect?.previousId !== undefined && ids.has(s.lastDisconnect.previousId)) ||
          (s.user !== null && users.has(s.user) && !ids.has(s.id))),
    );
    const backKeys = new Set(back.map((s) => s.lastDisconnect?.previousId ?? `user:${s.user}`));
    const returned = Math.min(shut.length, backKeys.size);
    const elsewhere = back.filter((s) => s.node !== node);
    const recovered = back.filter((s) => s.recovered).length;
    const share = returned / shut.length;
    const impact = impactOf(shut);
    findings.push({
      id: 'deploy-restart',
      title: `Node ${node} shut down (deploy or restart): ${percent(returned, shut.length)} of its clients came back`,
      severity: share >= 0.9 ? 'info' : share >= 0.5 ? 'warning' : 'critical',
      confidence: clamp01(0.8 + (back.length > 0 ? 0.15 : 0)),
      impact: { ...impact, nodes: 1 },
      evidence: [
        {
          label: `"server shutting down" on ${node}`,
          value: shut.length,
          link: disconnectsLink(input, { reason: 'server shutting down', node }),
        },
        { label: 'burst duration', value: seconds(last - first) },
        {
          label: 'clients back within 60 s',
          value: `${returned} (${percent(returned, shut.length)})`,
        },
        {
          label: 'reconnected on other nodes',
          value:
            new Set(elsewhere.map((s) => s.node)).size > 0
              ? `${elsewhere.length} on ${[...new Set(elsewhere.map((s) => s.node))].join(', ')}`
              : 0,
        },
        { label: 'connection state recovered', value: recovered },
        { label: 'share recovered', value: percent(returned, shut.length) },
      ],
      cause:
        `${node} closed its Socket.IO server (SIGTERM, a deploy, a restart or a scale-in) and ` +
        'every session on it ended at once.',
      fix:
        share >= 0.9
          ? 'Expected during a deploy. Keep it smooth: drain nodes one at a time (readiness 503 ' +
            'first), keep connection state recovery on, and let clients reconnect with jitter.'
          : 'Clients did not come back: check that the balancer stops sending new handshakes to ' +
            'a draining node (readiness), that the others have capacity, and that clients ' +
            'reconnect (socket.io-client `reconnection: true`, refreshed tokens).',
    });
  }
  return findings;
};
