/** Counters of what the node refused or handled; exposed on RealtimeNode for tests and logs. */
export interface NodeStats {
  /** Events that passed validation and reached a handler. */
  eventsHandled: number;
  /** Events refused by payload validation (including a missing ack callback). */
  invalidPayloads: number;
  /** Events with a name the protocol does not have. */
  unknownEvents: number;
  /** Events refused by the per-socket token bucket. */
  rateLimited: number;
  /** Handlers that threw or rejected (answered with an error ack). */
  handlerErrors: number;
  /** Publishes answered `sequence unavailable` (no seq within sequenceTimeoutMs). */
  sequenceUnavailable: number;
  /** Handshakes refused by the auth middleware. */
  authRefused: number;
  /** Sockets disconnected because their token expired. */
  tokensExpired: number;
}

export function createStats(): NodeStats {
  return {
    eventsHandled: 0,
    invalidPayloads: 0,
    unknownEvents: 0,
    rateLimited: 0,
    handlerErrors: 0,
    sequenceUnavailable: 0,
    authRefused: 0,
    tokensExpired: 0,
  };
}
