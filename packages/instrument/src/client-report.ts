import { z } from 'zod';
import {
  CLIENT_DISCONNECT_REASONS,
  OTHER_LABEL,
  type ClientLastDisconnect,
} from '@sockscope/contracts';

const MAX_TEXT = 128;

const lastDisconnectSchema = z.object({
  reason: z.string().min(1).max(MAX_TEXT),
  at: z.number().finite().nonnegative(),
  previousId: z.string().max(MAX_TEXT).optional(),
});

const clientVersionSchema = z.string().min(1).max(64);

/** The client helper's report of its previous disconnect, if the handshake carries a valid one. */
export function lastDisconnectOf(auth: unknown): ClientLastDisconnect | null {
  if (typeof auth !== 'object' || auth === null || !('lastDisconnect' in auth)) return null;
  const parsed = lastDisconnectSchema.safeParse(auth.lastDisconnect);
  if (!parsed.success) return null;
  const { reason, at, previousId } = parsed.data;
  return previousId === undefined ? { reason, at } : { reason, at, previousId };
}

export function clientVersionOf(auth: unknown): string | null {
  if (typeof auth !== 'object' || auth === null || !('clientVersion' in auth)) return null;
  const parsed = clientVersionSchema.safeParse(auth.clientVersion);
  return parsed.success ? parsed.data : null;
}

/** Client-sent reasons become a label only when they are socket.io-client's own strings. */
export function clientReasonLabel(reason: string): string {
  return (CLIENT_DISCONNECT_REASONS as readonly string[]).includes(reason) ? reason : OTHER_LABEL;
}

/** A recovery was attempted when the client sent the private id of its previous session. */
export function triedRecovery(auth: unknown): boolean {
  return typeof auth === 'object' && auth !== null && 'pid' in auth && typeof auth.pid === 'string';
}
