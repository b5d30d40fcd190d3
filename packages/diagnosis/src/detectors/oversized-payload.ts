import { disconnectsLink } from '../links.js';
import { clamp01, countBy, impactOf } from '../stats.js';
import type { Detector } from '../types.js';

/** What engine.io / ws / socket.io say when a packet is too big or cannot be decoded. */
const PAYLOAD_DESCRIPTION = /payload|too large|max.*size|buffer|1009|invalid frame|decode/i;

/** Disconnects caused by packets over `maxHttpBufferSize` or that could not be parsed. */
export const oversizedPayload: Detector = ({ disconnects, input }) => {
  const affected = disconnects.filter(
    (d) =>
      d.reason === 'parse error' ||
      ((d.reason === 'transport error' || d.reason === 'transport close') &&
        d.description !== null &&
        PAYLOAD_DESCRIPTION.test(d.description)),
  );
  if (affected.length === 0) return [];
  const oversized = affected.filter((d) => d.reason !== 'parse error');
  const parse = affected.length - oversized.length;
  const descriptions = countBy(affected, (d) => d.description ?? d.reason);
  return [
    {
      id: 'oversized-payload',
      title: `${affected.length} sessions closed by oversized or unparsable packets`,
      severity: affected.length >= 10 ? 'critical' : 'warning',
      confidence: clamp01(oversized.length > 0 ? 0.9 : 0.75),
      impact: impactOf(affected),
      evidence: [
        {
          label: 'closed for a packet over maxHttpBufferSize',
          value: oversized.length,
          link: disconnectsLink(input, { reason: 'transport error' }),
        },
        {
          label: '"parse error"',
          value: parse,
          link: disconnectsLink(input, { reason: 'parse error' }),
        },
        ...descriptions
          .slice(0, 3)
          .map(([text, n]) => ({ label: `description "${text}"`, value: n })),
        {
          label: 'top client versions',
          value: countBy(affected, (d) => d.clientVersion ?? 'unknown')
            .slice(0, 3)
            .map(([v, n]) => `${v}: ${n}`)
            .join(', '),
        },
      ],
      cause:
        "A client sent a message larger than the server's `maxHttpBufferSize` (engine.io closes " +
        'the connection instead of buffering it) or a packet the parser could not decode ' +
        '(a client/server protocol mismatch, a proxy rewriting frames).',
      fix:
        'Keep messages small (send large data over HTTP and share a link or id), or raise ' +
        '`maxHttpBufferSize` deliberately on the server; for parse errors align ' +
        'socket.io-client and server versions and parsers (msgpack on both ends or neither).',
    },
  ];
};
