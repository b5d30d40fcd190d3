/**
 * Bad credentials a client might present: every one must be refused at the handshake.
 */
import { io } from 'socket.io-client';
import { CLIENT_COUNTERS } from '../client-metrics.js';
import type { ArtilleryEvents } from './artillery-types.js';
import { mintToken } from './mint-token.js';
import type { SigningConfig } from './signing.js';

export const ABUSE_KINDS = [
  'missing',
  'garbage',
  'wrong-key',
  'expired',
  'wrong-issuer',
  'wrong-audience',
  'alg-none',
  'token-in-query',
] as const;

const TRANSPORT_FAILURES = new Set(['websocket error', 'xhr poll error', 'xhr post error', 'timeout']);

export type AbuseKind = (typeof ABUSE_KINDS)[number];

function b64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

async function credentials(kind: AbuseKind, signing: SigningConfig, user: string): Promise<{ auth: Record<string, string>; query?: Record<string, string> }> {
  switch (kind) {
    case 'missing':
      return { auth: {} };
    case 'garbage':
      return { auth: { token: 'not-a-jwt' } };
    case 'wrong-key':
      return { auth: { token: await mintToken({ ...signing, alg: 'HS256', key: new TextEncoder().encode('an-untrusted-secret-of-enough-length!') }, user) } };
    case 'expired':
      return { auth: { token: await mintToken(signing, user, { expiresIn: -120 }) } };
    case 'wrong-issuer':
      return { auth: { token: await mintToken(signing, user, { issuer: 'someone-else' }) } };
    case 'wrong-audience':
      return { auth: { token: await mintToken(signing, user, { audience: 'another-service' }) } };
    case 'alg-none': {
      const now = Math.floor(Date.now() / 1000);
      const body = { sub: user, iss: signing.issuer, aud: signing.audience, iat: now, exp: now + 600 };
      return { auth: { token: `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(body)}.` } };
    }
    case 'token-in-query':
      return { auth: {}, query: { token: await mintToken(signing, user) } };
  }
}

/** Tries one bad credential; resolves with the refusal message, or null when it was accepted. */
export async function tryAbuse(target: string, kind: AbuseKind, signing: SigningConfig, user: string, events: ArtilleryEvents): Promise<string | null> {
  const { auth, query } = await credentials(kind, signing, user);
  events.emit('counter', CLIENT_COUNTERS.authAttempts, 1);
  const socket = io(target, { auth, query: query ?? {}, transports: ['websocket'], forceNew: true, reconnection: false, timeout: 10_000 });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      events.emit('counter', CLIENT_COUNTERS.authAccepted, 1);
      events.emit('counter', `${CLIENT_COUNTERS.authAccepted}.${kind}`, 1);
      socket.disconnect();
      resolve(null);
    });
    socket.once('connect_error', (error) => {
      socket.disconnect();
      // A transport failure is not a refusal: it must not make a broken server look secure.
      if (TRANSPORT_FAILURES.has(error.message)) {
        events.emit('counter', CLIENT_COUNTERS.authUnreachable, 1);
        resolve(null);
        return;
      }
      events.emit('counter', CLIENT_COUNTERS.authRefused, 1);
      events.emit('counter', `${CLIENT_COUNTERS.authRefused}.${kind}`, 1);
      socket.disconnect();
      resolve(error.message);
    });
  });
}
