import type { DisconnectRecord } from '@sockscope/contracts';
import { sessionIdUnknownErrors } from '../context.js';
import { disconnectsLink, nodeLink } from '../links.js';
import { clamp01, densestCluster, impactOf, percent, seconds } from '../stats.js';
import type { DiagnosisContext, Detector, Finding } from '../types.js';

const MIN_SESSIONS = 2;
/** Ping timeouts on one node against the whole fleet. */
const MIN_SHARE = 0.7;
/** An event-loop delay peak this long stalls heartbeats. */
const BLOCKED_DELAY_SECONDS = 1;
/** Sessions of a stalled node all end when its loop resumes: within this of each other. */
const BURST_HALF_WIDTH_MS = 1000;
/** Share of the node's live sessions that a stall takes down together. */
const MIN_NODE_SHARE = 0.8;
const STALL_REASONS = new Set(['ping timeout', 'transport close']);

/**
 * One node stops answering heartbeats while the others are fine: its event loop was blocked.
 * Two shapes, both counted: the node's own `ping timeout`s (it could not read pongs in time),
 * and a burst of `transport close` at the moment the loop resumed whose clients say
 * `ping timeout` (they got no ping, gave up and closed).
 */
export const blockedEventLoop: Detector = (context) => {
  const { input } = context;
  // Polling sessions broken by a balancer without stickiness time out too: not a stall.
  const unsticky = sessionIdUnknownErrors(input) > 0;
  const disconnects = context.disconnects.filter(
    (d) => !(unsticky && d.transport === 'polling' && !d.upgrades.includes('websocket')),
  );
  const fleetPingTimeouts = disconnects.filter((d) => d.reason === 'ping timeout').length;
  const findings: Finding[] = [];
  for (const nodeInput of input.nodes) {
    const node = nodeInput.node;
    const own = disconnects.filter((d) => d.node === node && STALL_REASONS.has(d.reason));
    if (own.length < MIN_SESSIONS) continue;
    const burstTimes = densestCluster(
      own.map((d) => d.disconnectedAt),
      BURST_HALF_WIDTH_MS,
    );
    const start = burstTimes[0] as number;
    const end = burstTimes[burstTimes.length - 1] as number;
    const pingTimeouts = own.filter((d) => d.reason === 'ping timeout');
    const burst = own.filter(
      (d) => d.reason === 'ping timeout' || (d.disconnectedAt >= start && d.disconnectedAt <= end),
    );
    const clientSaw = clientViews(context, burst);
    const clientPingTimeouts = clientSaw.filter((r) => r === 'ping timeout').length;
    const delay = nodeInput.metrics?.eventLoopDelayMaxSeconds ?? null;
    const delaySpike = delay !== null && delay >= BLOCKED_DELAY_SECONDS;
    const concentrated =
      input.nodes.length > 1 &&
      pingTimeouts.length >= MIN_SESSIONS &&
      pingTimeouts.length / Math.max(1, fleetPingTimeouts) >= MIN_SHARE;
    // A stalled node loses every session it had at once; a group of clients losing their
    // network takes only theirs.
    const liveAtStart = context.sessions.filter(
      (x) => x.node === node && x.connectedAt < start && (x.disconnectedAt ?? Infinity) >= start,
    ).length;
    const nodeShare = burst.length / Math.max(1, liveAtStart);
    // The clients' side: most of those that came back say the server went silent.
    const silentServer =
      burst.length >= MIN_SESSIONS &&
      nodeShare >= MIN_NODE_SHARE &&
      clientPingTimeouts >= MIN_SESSIONS &&
      clientPingTimeouts >= clientSaw.length / 2;
    if (!(concentrated || silentServer || (delaySpike && burst.length >= MIN_SESSIONS))) continue;
    // The same moment on every node is the network or the clients, not one node's loop.
    const elsewhere = disconnects.filter(
      (d) =>
        d.node !== node &&
        STALL_REASONS.has(d.reason) &&
        d.disconnectedAt >= start &&
        d.disconnectedAt <= end,
    ).length;
    if (elsewhere >= burst.length) continue;
    const impact = impactOf(burst);
    findings.push({
      id: 'blocked-event-loop',
      title: `Node ${node} stopped answering heartbeats: blocked event loop`,
      severity: impact.sessions >= 10 ? 'critical' : 'warning',
      confidence: clamp01(
        0.5 + (concentrated ? 0.15 : 0) + (silentServer ? 0.2 : 0) + (delaySpike ? 0.25 : 0),
      ),
      impact: { ...impact, nodes: 1 },
      evidence: [
        {
          label: `sessions dropped on ${node} in one burst (ping timeout / transport close)`,
          value: burst.length,
          link: disconnectsLink(input, { node }),
        },
        { label: 'burst duration', value: seconds(end - start) },
        {
          label: `share of ${node}'s sessions dropped together`,
          value: percent(burst.length, liveAtStart),
        },
        {
          label: `ping timeouts on ${node}`,
          value: `${pingTimeouts.length} of ${fleetPingTimeouts} in the fleet (${percent(pingTimeouts.length, fleetPingTimeouts)})`,
          link: disconnectsLink(input, { reason: 'ping timeout', node }),
        },
        {
          label: 'reconnected clients that saw "ping timeout" themselves',
          value: `${clientPingTimeouts} of ${clientSaw.length}`,
        },
        { label: 'same moment on other nodes', value: elsewhere },
        {
          label: 'event-loop delay peak',
          value:
            delay === null
              ? 'unknown'
              : `${seconds(delay * 1000)}${nodeInput.metrics?.scope === 'cumulative' ? ' (now; pass --prometheus for the window peak)' : ''}`,
          link: nodeLink(node),
        },
      ],
      cause:
        `${node} went silent for its clients while the other nodes were fine: it could not send ` +
        'pings or read pongs in time, so the clients gave up ("ping timeout" on their side) and ' +
        'every session ended at the moment the node resumed. That is a blocked event loop (a ' +
        'long synchronous computation, a large JSON parse, a GC pause or CPU starvation).',
      fix:
        'Find the blocking work (event-loop delay on the node dashboard, `node --cpu-prof`, ' +
        'clinic flame) and move it off the main thread (worker_threads, a queue) or split it; ' +
        'check CPU limits and throttling of that node.',
    });
  }
  return findings;
};

/** What the clients that came back reported about these sessions (their own reason). */
function clientViews(context: DiagnosisContext, records: DisconnectRecord[]): string[] {
  const ids = new Set(records.map((d) => d.id));
  return context.sessions
    .filter(
      (s) => s.lastDisconnect?.previousId !== undefined && ids.has(s.lastDisconnect.previousId),
    )
    .map((s) => s.lastDisconnect?.reason ?? '');
}
