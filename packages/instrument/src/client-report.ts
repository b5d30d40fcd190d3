import * as v from 'valibot';
import {
  CLIENT_DISCONNECT_REASONS,
  OTHER_LABEL,
  type ClientLastDisconnect,
} from '@sockscope/contracts';

const MAX_TEXT = 128;

const lastDisconnectSchema = v.object({
  reason: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_TEXT)),
  at: v.pipe(v.number(), v.finite(), v.minValue(0)),
  previousId: v.optional(v.pipe(v.string(), v.maxLength(MAX_TEXT))),
});

const clientVersionSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

/** The client helper's report of its previous disconnect, if the handshake carries a valid one. */
export function lastDisconnectOf(auth: unknown): ClientLastDisconnect | null {
  if (typeof auth !== 'object' || auth === null || !('lastDisconnect' in auth)) return null;
  const parsed = v.safeParse(lastDisconnectSchema, auth.lastDisconnect);
  if (!parsed.success) return null;
  const { reason, at, previousId } = parsed.output;
  return previousId === undefined ? { reason, at } : { reason, at, previousId };
}

export function clientVersionOf(auth: unknown): string | null {
  if (typeof auth !== 'object' || auth === null || !('clientVersion' in auth)) return null;
  const parsed = v.safeParse(clientVersionSchema, auth.clientVersion);
  return parsed.success ? parsed.output : null;
}

/** Client-sent reasons become a label only when they are socket.io-client's own strings. */
export function clientReasonLabel(reason: string): string {
  return (CLIENT_DISCONNECT_REASONS as readonly string[]).includes(reason) ? reason : OTHER_LABEL;
}

/** A recovery was attempted when the client sent the private id of its previous session. */
export function triedRecovery(auth: unknown): boolean {
  return typeof auth === 'object' && auth !== null && 'pid' in auth && typeof auth.pid === 'string';
}
