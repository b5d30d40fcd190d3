/**
 * Socket.IO's own disconnect reasons, used unchanged as label values and in the session log.
 * @see https://socket.io/docs/v4/server-socket-instance/#disconnect
 */
export const DISCONNECT_REASONS = [
  'transport close',
  'transport error',
  'ping timeout',
  'parse error',
  'forced close',
  'server shutting down',
  'forced server close',
  'client namespace disconnect',
  'server namespace disconnect',
] as const;

export type DisconnectReason = (typeof DISCONNECT_REASONS)[number];

/** Reasons a client reports for its own side of a disconnect (socket.io-client's strings). */
export const CLIENT_DISCONNECT_REASONS = [
  'io server disconnect',
  'io client disconnect',
  'ping timeout',
  'transport close',
  'transport error',
  'parse error',
] as const;

export type ClientDisconnectReason = (typeof CLIENT_DISCONNECT_REASONS)[number];

/** Reasons an operator did not ask for: they count towards the unexpected-disconnect ratio. */
export const UNEXPECTED_DISCONNECT_REASONS: readonly DisconnectReason[] = [
  'transport close',
  'transport error',
  'ping timeout',
  'parse error',
];

export function isDisconnectReason(value: string): value is DisconnectReason {
  return (DISCONNECT_REASONS as readonly string[]).includes(value);
}

/** Label value for anything outside the known set, so label cardinality stays bounded. */
export const OTHER_LABEL = 'other';

export function reasonLabel(value: string): DisconnectReason | typeof OTHER_LABEL {
  return isDisconnectReason(value) ? value : OTHER_LABEL;
}
