import { disconnectsLink } from '../links.js';
import { clamp01, countBy, impactOf, percent } from '../stats.js';
import type { Detector } from '../types.js';
import { tokenExpiries } from './token-expiry.js';

const MIN_KICKS = 3;

/** `server namespace disconnect` not explained by token expiry: application code kicking sockets. */
export const serverKicks: Detector = (context) => {
  const { disconnects, input } = context;
  const expiries = tokenExpiries(context);
  const kicks = input.nodes.flatMap((n) =>
    disconnects
      .filter((d) => d.node === n.node && d.reason === 'server namespace disconnect')
      .sort((a, b) => b.disconnectedAt - a.disconnectedAt)
      // The most recent ones are attributed to token expiry (see token-expiry.ts).
      .slice(expiries.get(n.node) ?? 0),
  );
  if (kicks.length < MIN_KICKS) return [];
  const minutes = Math.max(1 / 60, (input.to - input.from) / 60_000);
  const rate = kicks.length / minutes;
  const users = countBy(kicks, (d) => d.user);
  const repeat = users.filter(([, n]) => n > 1).length;
  const share = kicks.length / Math.max(1, disconnects.length);
  return [
    {
      id: 'server-kicks',
      title: `${kicks.length} sessions disconnected by application code`,
      severity: share >= 0.3 || repeat > 0 ? 'warning' : 'info',
      confidence: clamp01(0.6 + 0.3 * share + (repeat > 0 ? 0.1 : 0)),
      impact: impactOf(kicks),
      evidence: [
        {
          label: '"server namespace disconnect" (socket.disconnect() on the server)',
          value: `${kicks.length} (${percent(kicks.length, disconnects.length)} of all disconnects)`,
          link: disconnectsLink(input, { reason: 'server namespace disconnect' }),
        },
        { label: 'per minute', value: Number(rate.toFixed(1)) },
        { label: 'users kicked more than once', value: repeat },
        ...users.slice(0, 3).map(([user, n]) => ({
          label: `user ${user}`,
          value: n,
          link: disconnectsLink(input, { reason: 'server namespace disconnect', user }),
        })),
      ],
      cause:
        'Server code called `socket.disconnect()` (or `disconnectSockets()`): a moderation or ' +
        'admin action, a validation that kicks, or a loop that disconnects the same clients ' +
        'again after they reconnect.',
      fix:
        'Find the code path that disconnects (log the reason when kicking) and make sure kicked ' +
        'clients do not reconnect in a loop: tell them why (an event before disconnecting) and ' +
        'refuse them in the middleware instead.',
    },
  ];
};
