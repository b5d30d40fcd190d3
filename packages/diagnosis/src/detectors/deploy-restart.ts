import { disconnectsLink } from '../links.js';
import { clamp01, impactOf, percent, seconds } from '../stats.js';
import type { DiagnosisContext, Detector, Finding, NodeInput } from '../types.js';

const MIN_SESSIONS = 3;
/** Reconnects counted as "the same clients coming back" up to this long after the burst. */
const RECONNECT_WINDOW_MS = 60_000;
const SHUTDOWN_REASONS = new Set(['server shutting down', 'forced server close']);

/**
 * A burst of `server shutting down` on one node (a deploy, a restart, a scale-in), and whether
 * the clients came back elsewhere.
 */
export const deployRestart: Detector = (context) => {
  const { disconnects, sessions, input } = context;
  const findings: Finding[] = [];
  for (const nodeInput of input.nodes) {
    const node = nodeInput.node;
    const shut = disconnects.filter((d) => d.node === node && SHUTDOWN_REASONS.has(d.reason));
    if (shut.length < MIN_SESSIONS) {
      findings.push(...crashed(context, nodeInput));
      continue;
    }
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

/**
 * A node that went away without closing its sessions (a crash, an OOM kill, SIGKILL): its
 * exporter lost the target while still holding live sessions, and those clients reconnected
 * elsewhere in the window, saying which session they lost.
 */
function crashed(context: DiagnosisContext, nodeInput: NodeInput): Finding[] {
  const { input, sessions } = context;
  const node = nodeInput.node;
  if (nodeInput.status === null || nodeInput.status.targetUp) return [];
  const stale = nodeInput.liveSessions.filter((s) => s.connectedAt <= input.to);
  const ids = new Set(stale.map((s) => s.id));
  const back = sessions.filter(
    (s) =>
      s.node !== node &&
      s.connectedAt >= input.from &&
      s.lastDisconnect?.previousId !== undefined &&
      ids.has(s.lastDisconnect.previousId),
  );
  if (stale.length < MIN_SESSIONS || back.length === 0) return [];
  const returned = new Set(back.map((s) => s.lastDisconnect?.previousId)).size;
  const share = returned / stale.length;
  const clientReasons = [...new Set(back.map((s) => s.lastDisconnect?.reason ?? ''))].join(', ');
  return [
    {
      id: 'deploy-restart',
      title: `Node ${node} went down without draining (crash, OOM kill or SIGKILL): ${percent(returned, stale.length)} of its clients came back`,
      severity: share >= 0.5 ? 'warning' : 'critical',
      confidence: 0.85,
      impact: { ...impactOf(stale), nodes: 1 },
      evidence: [
        { label: `sessions open on ${node} when it went away`, value: stale.length },
        { label: 'its exporter', value: 'connected, target down' },
        {
          label: 'clients back on other nodes',
          value: `${returned} (${percent(returned, stale.length)})`,
        },
        {
          label: 'reconnected on',
          value: [...new Set(back.map((s) => s.node))].join(', '),
        },
        { label: 'what the clients saw', value: clientReasons },
        { label: 'share recovered', value: percent(returned, stale.length) },
      ],
      cause:
        `${node} stopped without closing its sessions (no "server shutting down"): the process ` +
        'crashed, was OOM-killed or killed with SIGKILL, so its clients only noticed through ' +
        '"transport close" or "ping timeout" and reconnected elsewhere.',
      fix:
        "Check the node's exit (logs, OOM killer, orchestrator events); stop nodes with SIGTERM " +
        'and a grace period longer than DRAIN_TIMEOUT_MS so they drain; give it memory headroom.',
    },
  ];
}
