import { disconnectsLink } from '../links.js';
import { clamp01, densestCluster, impactOf, median, percent, seconds } from '../stats.js';
import type { Detector } from '../types.js';

/** ±2 s around one duration. */
const HALF_WIDTH_MS = 2000;
const MIN_SESSIONS = 3;
/** A proxy timeout shorter than this is not an idle timeout (handshakes take that long). */
const MIN_DURATION_MS = 2500;
const MIN_SHARE = 0.5;
/**
 * Ends closer together than this are one moment. An idle timeout cuts each connection on its
 * own clock; sessions opened and cut in one batch (a network blip, a test harness) are not one.
 */
const SAME_MOMENT_MS = 500;
const MIN_MOMENTS = 3;

/**
 * `transport close` sessions ending at one fixed duration: something between client and node
 * cuts connections that are idle (or old) for N seconds, shorter than the heartbeat.
 */
export const proxyIdleTimeout: Detector = ({ disconnects, sessions, input, options }) => {
  // A client that says "ping timeout" got no heartbeat: the server stalled, nobody cut the line.
  const clientSawPingTimeout = new Set(
    sessions
      .filter(
        (s) =>
          s.lastDisconnect?.reason === 'ping timeout' && s.lastDisconnect.previousId !== undefined,
      )
      .map((s) => s.lastDisconnect?.previousId),
  );
  const closed = disconnects.filter(
    (d) =>
      d.reason === 'transport close' &&
      d.durationMs >= MIN_DURATION_MS &&
      !clientSawPingTimeout.has(d.id),
  );
  if (closed.length < MIN_SESSIONS) return [];
  const allTransportClose = disconnects.filter((d) => d.reason === 'transport close').length;
  const cluster = densestCluster(
    closed.map((d) => d.durationMs),
    HALF_WIDTH_MS,
  );
  const share = cluster.length / allTransportClose;
  if (cluster.length < MIN_SESSIONS || share < MIN_SHARE) return [];
  const low = cluster[0] as number;
  const high = cluster[cluster.length - 1] as number;
  const at = median(cluster);
  const affected = closed.filter((d) => d.durationMs >= low && d.durationMs <= high);
  if (distinctMoments(affected.map((d) => d.disconnectedAt)) < MIN_MOMENTS) return [];
  const heartbeat = options.pingIntervalMs + options.pingTimeoutMs;
  const impact = impactOf(affected);
  const spread = (high - low) / 2;
  return [
    {
      id: 'proxy-idle-timeout',
      title: `Connections cut at ${seconds(at)}: a proxy or load-balancer idle timeout`,
      severity: share >= 0.8 || affected.length >= 20 ? 'critical' : 'warning',
      confidence: clamp01(0.5 + 0.4 * share + (spread <= 1000 ? 0.1 : 0)),
      impact,
      evidence: [
        {
          label: 'transport close sessions ending at one duration',
          value: `${affected.length} of ${allTransportClose} (${percent(affected.length, allTransportClose)})`,
          link: disconnectsLink(input, { reason: 'transport close' }),
        },
        { label: 'session duration (median)', value: seconds(at) },
        { label: 'spread of those durations', value: `± ${seconds(spread)}` },
        { label: 'heartbeat (pingInterval + pingTimeout)', value: seconds(heartbeat) },
      ],
      cause:
        `Sessions end with "transport close" after the same ${seconds(at)} regardless of activity: ` +
        'a proxy or load balancer between clients and nodes closes connections after a fixed ' +
        'idle (or tunnel) timeout that is shorter than the Socket.IO heartbeat, so the ping never ' +
        'keeps them alive.',
      fix:
        `Set the proxy's read/idle/tunnel timeout above pingInterval + pingTimeout ` +
        `(${seconds(heartbeat)}), e.g. HAProxy \`timeout tunnel 1h\` and \`timeout client/server\` > ` +
        `${seconds(heartbeat)}, NGINX \`proxy_read_timeout\`, AWS ALB idle timeout; or lower ` +
        `pingInterval below ${seconds(at)}.`,
    },
  ];
};

function distinctMoments(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let moments = 0;
  let last = -Infinity;
  for (const t of sorted) {
    if (t - last > SAME_MOMENT_MS) moments += 1;
    last = t;
  }
  return moments;
}
