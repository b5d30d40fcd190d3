import { sessionsLink } from '../links.js';
import { clamp01, densestCluster, impactOf, median, seconds } from '../stats.js';
import type { Detector } from '../types.js';

const BIN_MS = 1000;
const MIN_STORM = 50;
/** The peak second against the median busy second. */
const MIN_PEAK_RATIO = 5;

/**
 * Reconnects (sessions that carry the client's previous disconnect) bunched into a few seconds:
 * after an outage every client retried at once, i.e. too little backoff jitter.
 */
export const reconnectStorm: Detector = ({ sessions, input }) => {
  const reconnects = sessions.filter((s) => s.lastDisconnect !== null);
  if (reconnects.length < MIN_STORM) return [];
  // The densest second (a sliding window: a burst that straddles a clock second is one burst).
  const times = densestCluster(
    reconnects.map((s) => s.connectedAt),
    BIN_MS / 2,
  );
  const peakFrom = times[0] ?? 0;
  const peakTo = times[times.length - 1] ?? 0;
  const peak = times.length;
  // The storm: the peak second and a second either side of it.
  const inStorm = (s: (typeof reconnects)[number]): boolean =>
    s.connectedAt >= peakFrom - BIN_MS && s.connectedAt <= peakTo + BIN_MS;
  const storm = reconnects.filter(inStorm);
  // The baseline is the rest of the window: a window holding only the storm has none (0), not
  // the storm itself as its own median.
  const bins = new Map<number, number>();
  for (const s of reconnects) {
    if (inStorm(s)) continue;
    const bin = Math.floor(s.connectedAt / BIN_MS);
    bins.set(bin, (bins.get(bin) ?? 0) + 1);
  }
  const baseline = bins.size === 0 ? 0 : median([...bins.values()]);
  if (peak < MIN_STORM || peak < MIN_PEAK_RATIO * baseline) return [];
  const gaps = storm.map((s) => s.lastDisconnect?.gapMs ?? 0).sort((x, y) => x - y);
  const gapSpread = Math.max(...gaps) - Math.min(...gaps);
  // Jitter: how spread the clients' waits are against the wait itself (full jitter ≈ 1).
  const p10 = gaps[Math.floor(gaps.length * 0.1)] ?? 0;
  const p90 = gaps[Math.floor(gaps.length * 0.9)] ?? 0;
  const jitter = (p90 - p10) / Math.max(1, median(gaps));
  const littleJitter = jitter < 0.5;
  return [
    {
      id: 'reconnect-storm',
      title: `Reconnect storm: ${peak} reconnects in one second`,
      severity: peak >= 500 ? 'critical' : 'warning',
      confidence: clamp01(0.5 + Math.min(0.2, peak / 1000) + (littleJitter ? 0.3 : 0)),
      impact: impactOf(storm),
      evidence: [
        { label: 'peak reconnects per second', value: peak, link: sessionsLink() },
        { label: 'median reconnects per busy second outside the storm', value: baseline },
        { label: 'at', value: new Date(peakFrom).toISOString() },
        { label: 'reconnect gap (median)', value: seconds(median(gaps)) },
        { label: 'reconnect gap spread', value: seconds(gapSpread) },
        {
          label: 'jitter (p90 − p10 of the gaps / median gap)',
          value: `${jitter.toFixed(2)}${littleJitter ? ' (too little)' : ''}`,
        },
        {
          label: 'window',
          value: `${new Date(input.from).toISOString()} .. ${new Date(input.to).toISOString()}`,
        },
      ],
      cause:
        'After an outage the clients retried at nearly the same moment: the backoff has too ' +
        "little jitter (or a fixed delay), so the nodes get the whole fleet's handshakes and " +
        'token checks in one burst, which can cause the next outage.',
      fix:
        'Use exponential backoff with full jitter on clients (socket.io-client ' +
        '`randomizationFactor: 0.5`–`1`, `reconnectionDelay` ≥ 1 s, `reconnectionDelayMax` ' +
        '≥ 10 s); rate-limit handshakes at the balancer; keep connection state recovery on.',
    },
  ];
};
