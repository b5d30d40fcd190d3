import { CONNECT_ERRORS } from '@sockscope/contracts';
import { connectReasonOf, sumOverNodes } from '../context.js';
import { disconnectsLink } from '../links.js';
import { clamp01, impactOf } from '../stats.js';
import type { DiagnosisContext, Detector, Finding } from '../types.js';

/** The event the realtime node sends right before it disconnects a socket whose token expired. */
export const TOKEN_EXPIRED_EVENT = 'auth:expired';
const MIN_CONNECT_ERRORS = 5;

/** Server namespace disconnects explained by token expiry (`auth:expired` sent), per node. */
export function tokenExpiries(context: DiagnosisContext): Map<string, number> {
  const result = new Map<string, number>();
  for (const node of context.input.nodes) {
    const expired = node.metrics?.eventsOut[TOKEN_EXPIRED_EVENT] ?? 0;
    const kicked = context.disconnects.filter(
      (d) => d.node === node.node && d.reason === 'server namespace disconnect',
    ).length;
    result.set(node.node, Math.min(expired, kicked));
  }
  return result;
}

/**
 * Disconnects at token expiry (the node sent `auth:expired`, then disconnected the socket:
 * `server namespace disconnect`), and handshakes refused by the auth middleware, by reason.
 */
export const tokenExpiry: Detector = (context) => {
  const { input, disconnects } = context;
  const findings: Finding[] = [];
  const expiries = tokenExpiries(context);
  const expiredTotal = [...expiries.values()].reduce((a, b) => a + b, 0);
  const { total: connectErrors } = sumOverNodes(
    input,
    (n) => n.summary?.connectErrors,
    connectReasonOf,
  );
  const tokenRefusals = connectErrors[CONNECT_ERRORS.expiredToken] ?? 0;
  if (expiredTotal > 0) {
    // The most recent server-side disconnects of each node are the ones explained.
    const affected = input.nodes.flatMap((n) =>
      disconnects
        .filter((d) => d.node === n.node && d.reason === 'server namespace disconnect')
        .sort((a, b) => b.disconnectedAt - a.disconnectedAt)
        .slice(0, expiries.get(n.node) ?? 0),
    );
    const cumulative = input.nodes.some((n) => n.metrics?.scope === 'cumulative');
    findings.push({
      id: 'token-expiry',
      title: `${expiredTotal} sessions disconnected at token expiry`,
      severity: expiredTotal >= 20 || tokenRefusals > 0 ? 'warning' : 'info',
      confidence: clamp01(cumulative ? 0.7 : 0.9),
      impact: impactOf(affected),
      evidence: [
        {
          label: '"server namespace disconnect" right after auth:expired',
          value: expiredTotal,
          link: disconnectsLink(input, { reason: 'server namespace disconnect' }),
        },
        {
          label: `auth:expired notices sent${cumulative ? ' (since each node started)' : ''}`,
          value: input.nodes.reduce(
            (a, n) => a + (n.metrics?.eventsOut[TOKEN_EXPIRED_EVENT] ?? 0),
            0,
          ),
        },
        { label: 'reconnects refused with "token expired"', value: tokenRefusals },
      ],
      cause:
        'The node disconnects a socket when its JWT expires (it sends `auth:expired` first). ' +
        'Clients that do not refresh the token before reconnecting are refused with ' +
        '"token expired" and stay offline.',
      fix:
        'Refresh the token before `exp` and pass a function as `auth`/`token` so each reconnect ' +
        'reads the current one (`createClient(url, { token: () => getToken() })`); on ' +
        '`auth:expired` fetch a new token and reconnect; or issue longer-lived tokens.',
    });
  }
  const refusals = Object.entries(connectErrors).filter(([, n]) => n > 0);
  const refusedTotal = refusals.reduce((a, [, n]) => a + n, 0);
  if (refusedTotal >= MIN_CONNECT_ERRORS) {
    const reasons = [...refusals].sort((a, b) => b[1] - a[1]);
    findings.push({
      id: 'auth-refusals',
      title: `${refusedTotal} connection attempts refused by the server's middleware`,
      severity: refusedTotal >= 50 ? 'warning' : 'info',
      confidence: 0.9,
      impact: {
        sessions: refusedTotal,
        users: 0,
        nodes: input.nodes.filter((n) =>
          Object.values(n.summary?.connectErrors ?? {}).some((v) => v > 0),
        ).length,
      },
      evidence: reasons.map(([reason, n]) => ({ label: `connect_error "${reason}"`, value: n })),
      cause:
        'Handshakes were refused by the auth (or another) middleware: missing, invalid or ' +
        'expired tokens, tokens in the query string, or rate limiting.',
      fix:
        'Per reason: "token expired" → refresh tokens before reconnecting; "invalid token" → ' +
        'check issuer/audience/keys between the auth service and the nodes; "missing token" → ' +
        'send it in `auth.token`; "rate limited" → add jitter to client retries.',
    });
  }
  return findings;
};
