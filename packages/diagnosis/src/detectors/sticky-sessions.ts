import { SESSION_ID_UNKNOWN_CODE } from '@sockscope/contracts';
import { handshakeCodeOf, sumOverNodes } from '../context.js';
import { disconnectsLink } from '../links.js';
import { clamp01, distinct, impactOf } from '../stats.js';
import type { Detector } from '../types.js';

const MIN_ERRORS = 3;
/** A polling session that breaks this fast never really worked. */
const SHORT_MS = 3000;

/**
 * `Session ID unknown` (engine.io handshake error code 1): a request of an existing session
 * reached a node that does not know it, i.e. the balancer is not sticky.
 */
export const stickySessions: Detector = ({ input, disconnects }) => {
  const code = String(SESSION_ID_UNKNOWN_CODE);
  const { total, byNode } = sumOverNodes(input, (n) => n.summary?.handshakeErrors, handshakeCodeOf);
  const errors = total[code] ?? 0;
  if (errors < MIN_ERRORS) return [];
  const nodesWithErrors = [...byNode.entries()].filter(([, v]) => (v[code] ?? 0) > 0);
  const brokenPolling = disconnects.filter(
    (d) =>
      d.transport === 'polling' &&
      !d.upgrades.includes('websocket') &&
      d.durationMs < SHORT_MS &&
      (d.reason === 'transport close' ||
        d.reason === 'transport error' ||
        d.reason === 'ping timeout'),
  );
  const broken = impactOf(brokenPolling);
  return [
    {
      id: 'sticky-sessions',
      title: 'Load balancer without sticky sessions: "Session ID unknown"',
      severity: errors >= 10 ? 'critical' : 'warning',
      confidence: clamp01(0.7 + Math.min(0.3, errors / 100)),
      impact: {
        // Every failed request is a client whose connection attempt broke.
        sessions: Math.max(errors, brokenPolling.length),
        users: broken.users,
        nodes: nodesWithErrors.length,
      },
      evidence: [
        { label: 'handshake errors "Session ID unknown" (code 1)', value: errors },
        ...nodesWithErrors.map(([node, v]) => ({
          label: `node ${node}: Session ID unknown`,
          value: v[code] ?? 0,
          link: disconnectsLink(input, { node }),
        })),
        {
          label: 'polling sessions that broke within 3 s (never upgraded)',
          value: brokenPolling.length,
          link: disconnectsLink(input, { transport: 'polling' }),
        },
        { label: 'nodes seeing them', value: distinct(nodesWithErrors, ([n]) => n) },
      ],
      cause:
        'HTTP long-polling sends each request of a session separately; without stickiness the ' +
        'balancer sends some of them to a node that never saw the handshake, which answers ' +
        '400 "Session ID unknown", and the client has to start over (or never connects).',
      fix:
        'Make the balancer sticky: route by the engine.io `sid` query parameter or a cookie ' +
        '(HAProxy `balance source`/`stick on` or a `sid` prefix ACL, NGINX `ip_hash`/`hash ' +
        '$arg_sid`, ALB stickiness), or connect with `transports: ["websocket"]` only.',
    },
  ];
};
