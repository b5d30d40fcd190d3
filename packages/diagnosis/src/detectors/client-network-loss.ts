import type { SessionRecord } from '@sockscope/contracts';
import { disconnectsLink } from '../links.js';
import { clamp01, countBy, impactOf, percent } from '../stats.js';
import type { Detector, Finding } from '../types.js';

const LOSS_REASONS = new Set(['ping timeout', 'transport close', 'transport error']);
const MIN_REPORTS = 5;
/** The group's loss rate against everybody else's. */
const MIN_RATIO = 3;

type Grouping = {
  label: string;
  key: (s: SessionRecord) => string;
  filter: 'clientVersion' | null;
};

const GROUPINGS: Grouping[] = [
  { label: 'client version', key: (s) => s.clientVersion ?? 'unknown', filter: 'clientVersion' },
  { label: 'user agent', key: (s) => s.userAgent ?? 'unknown', filter: null },
];

/**
 * Reconnects whose client says the connection was lost (`ping timeout`, `transport close`)
 * concentrated on one client version or user agent: the clients' network, not the servers.
 */
export const clientNetworkLoss: Detector = ({ sessions, byId, input }) => {
  const lossReports = sessions.filter(
    (s) => s.lastDisconnect !== null && LOSS_REASONS.has(s.lastDisconnect.reason),
  );
  if (lossReports.length < MIN_REPORTS) return [];
  for (const grouping of GROUPINGS) {
    const reports = countBy(lossReports, grouping.key);
    const [group, count] = reports[0] ?? ['', 0];
    if (count < MIN_REPORTS) continue;
    const inGroup = sessions.filter((s) => grouping.key(s) === group).length;
    const rest = sessions.length - inGroup;
    const restReports = lossReports.length - count;
    if (rest < MIN_REPORTS) continue;
    const rate = count / Math.max(1, inGroup);
    const restRate = restReports / rest;
    if (rate < MIN_RATIO * restRate || rate < 0.1) continue;
    const affected = lossReports.filter((s) => grouping.key(s) === group);
    const serverView = countBy(affected, (s) => {
      const previous = s.lastDisconnect?.previousId
        ? byId.get(s.lastDisconnect.previousId)
        : undefined;
      return previous?.reason ?? 'not seen by the server in this window';
    });
    const clientView = countBy(affected, (s) => s.lastDisconnect?.reason ?? null);
    const finding: Finding = {
      id: 'client-network-loss',
      title: `Clients with ${grouping.label} "${group}" lose their connection ${(rate / Math.max(restRate, 1e-9)).toFixed(0)}× more often`,
      severity: affected.length >= 20 ? 'warning' : 'info',
      confidence: clamp01(0.5 + Math.min(0.4, count / 100)),
      impact: impactOf(affected),
      evidence: [
        {
          label: `lost connections reported by ${grouping.label} ${group}`,
          value: `${count} of ${inGroup} sessions (${percent(count, inGroup)})`,
          ...(grouping.filter && { link: disconnectsLink(input, { clientVersion: group }) }),
        },
        {
          label: 'everybody else',
          value: `${restReports} of ${rest} sessions (${percent(restReports, rest)})`,
        },
        { label: 'client view', value: clientView.map(([r, n]) => `${r}: ${n}`).join(', ') },
        {
          label: 'server view of the same sessions',
          value: serverView.map(([r, n]) => `${r}: ${n}`).join(', '),
        },
      ],
      cause:
        `The clients themselves saw the connection drop, and it is concentrated on one ${grouping.label}: ` +
        'their network (mobile, Wi-Fi roaming, a proxy or VPN) or that client build (background ' +
        'throttling, sleeping tabs), not the servers.',
      fix:
        `Look at that ${grouping.label}: its network path and power/background settings; keep ` +
        'connection state recovery on so short drops do not lose messages, and consider a ' +
        'shorter pingInterval so dead connections are noticed sooner.',
    };
    return [finding];
  }
  return [];
};
