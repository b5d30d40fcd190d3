import { disconnectsLink, sessionsLink } from '../links.js';
import { clamp01, countBy, impactOf, percent } from '../stats.js';
import type { Detector } from '../types.js';

const MIN_SESSIONS = 3;
/** A healthy client upgrades within milliseconds; one still on polling after this never will. */
const NEVER_UPGRADED_MS = 2000;

/** Sessions that never upgraded to WebSocket, grouped by client version and user agent. */
export const websocketBlocked: Detector = ({ sessions, input }) => {
  const pollingOnly = sessions.filter((s) => {
    if (s.transport !== 'polling' || s.upgrades.includes('websocket')) return false;
    const age = (s.disconnectedAt ?? input.to) - s.connectedAt;
    return age >= NEVER_UPGRADED_MS;
  });
  if (pollingOnly.length < MIN_SESSIONS) return [];
  const byVersion = countBy(pollingOnly, (s) => s.clientVersion ?? 'unknown');
  const byAgent = countBy(pollingOnly, (s) => s.userAgent ?? 'unknown');
  const byAddress = countBy(pollingOnly, (s) => networkOf(s.remoteAddress));
  const total = sessions.filter(
    (s) => (s.disconnectedAt ?? input.to) - s.connectedAt >= NEVER_UPGRADED_MS,
  ).length;
  const share = pollingOnly.length / Math.max(1, total);
  const [topVersion, topVersionCount] = byVersion[0] ?? ['unknown', 0];
  const [topAgent, topAgentCount] = byAgent[0] ?? ['unknown', 0];
  const [topNet, topNetCount] = byAddress[0] ?? ['unknown', 0];
  return [
    {
      id: 'websocket-blocked',
      title: `${pollingOnly.length} sessions never upgraded to WebSocket (polling only)`,
      severity: share >= 0.5 ? 'warning' : 'info',
      confidence: clamp01(0.6 + 0.3 * share),
      impact: impactOf(pollingOnly),
      evidence: [
        {
          label: 'sessions stuck on long-polling (≥ 2 s without upgrade)',
          value: `${pollingOnly.length} of ${total} (${percent(pollingOnly.length, total)})`,
          link: sessionsLink({ transport: 'polling' }),
        },
        {
          label: `top client version: ${topVersion}`,
          value: `${topVersionCount} (${percent(topVersionCount, pollingOnly.length)})`,
          link: disconnectsLink(input, { transport: 'polling', clientVersion: topVersion }),
        },
        {
          label: `top user agent: ${topAgent}`,
          value: `${topAgentCount} (${percent(topAgentCount, pollingOnly.length)})`,
        },
        {
          label: `top network: ${topNet}`,
          value: `${topNetCount} (${percent(topNetCount, pollingOnly.length)})`,
        },
      ],
      cause:
        'These clients stay on HTTP long-polling: the WebSocket upgrade is blocked on their path ' +
        '(a corporate proxy or firewall, a balancer or CDN without `Upgrade` support) or the ' +
        'client disables it. Polling costs more requests, latency and server memory.',
      fix:
        'Let `Upgrade: websocket` through every hop (NGINX `proxy_set_header Upgrade ' +
        '$http_upgrade` + `Connection "upgrade"`, HTTP/1.1 to the upstream; ALB/CDN WebSocket ' +
        'support); if only one client version or network is affected, look at its transport ' +
        'options or its proxy.',
    },
  ];
};

/** A /24 (IPv4) or /48 (IPv6) network, so one NAT or office groups together. */
function networkOf(address: string): string {
  const v4 = /(\d+)\.(\d+)\.(\d+)\.\d+$/.exec(address);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  return address.includes(':')
    ? `${address.split(':').slice(0, 3).join(':')}::/48`
    : address || 'unknown';
}
