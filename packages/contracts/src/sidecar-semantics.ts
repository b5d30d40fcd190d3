/**
 * How the sidecar protocol's shapes (sidecar-protocol.ts) are filled, so the instrument and
 * the exporter read them the same way. No shape changes: constants and rules only.
 *
 * - Counter keys join their label values with `COUNTER_KEY_SEPARATOR` (`\u0000`), in the order
 *   the `Counters` field docs give; every counter is cumulative since `Hello.instance` started.
 *   A new `instance` means the counters restarted from zero (like a Prometheus counter reset).
 * - `HistogramState.counts[i]` is the number of observations `<= buckets[i]` (cumulative, like
 *   Prometheus `le` buckets); `count` is every observation (the `+Inf` bucket), `sum` in seconds.
 *   Session durations use `SESSION_DURATION_BUCKETS`, ping round trips `PING_RTT_BUCKETS`.
 * - Sequence numbers start at 1 per instance; `Snapshot.seq` is the highest one assigned when
 *   the snapshot was taken (0 before any event), so events with `seq <= snapshot.seq` are
 *   already reflected in the snapshot's live sessions and counters.
 * - On (re)connect the instrument sends `hello`, `snapshot`, then `batch`es. Which events the
 *   batches start from depends on `SidecarAuth`:
 *   - no `instance`: from `snapshot.seq` (only what happens next);
 *   - `instance` equal to `Hello.instance` and a `resumeFrom`: every event with
 *     `seq > resumeFrom` (the replay may span several batches, sent at once);
 *   - `instance` different (the server restarted): every event of the new instance from 1.
 *   When the wanted events are no longer buffered, the first event is a `gap` with
 *   `from..to` the missing sequence numbers and `seq === to`.
 * - A `batch` is sent every `batchIntervalMs` when there are new events, counters moved or the
 *   node's health changed in a way that matters (draining, the adapter's link, an event-loop
 *   stall starting or ending), and at least every `SIDECAR_HEARTBEAT_MS` otherwise.
 * - `rooms` events carry the session's full room list; a session's own-id room is never listed.
 * - The `disconnect` event's `session` holds the final record (rooms as they were just before
 *   the socket left them).
 * - A sidecar connects with `query: SIDECAR_QUERY` so its own engine.io connection is left out
 *   of every counter (connections, closes, packets, bytes); without it, its traffic before the
 *   namespace accepts it is counted like any client's.
 */

export const COUNTER_KEY_SEPARATOR = '\u0000';

/** A batch goes out at least this often, even when nothing changed. */
export const SIDECAR_HEARTBEAT_MS = 5000;

/** Query parameters a sidecar adds to its engine.io handshake (socket.io-client `query`). */
export const SIDECAR_QUERY = { sockscopeSidecar: '1' } as const;

/** The shortest token `instrument(io, { token })` accepts. */
export const MIN_INSTRUMENT_TOKEN_LENGTH = 16;

/** `connect_error` messages the instrument's namespace refuses a sidecar with. */
export const SIDECAR_CONNECT_ERRORS = {
  missingToken: 'missing token',
  invalidToken: 'invalid token',
  rateLimited: 'rate limited',
  remoteRefused: 'remote address refused',
} as const;

export function counterKey(...labels: string[]): string {
  return labels.join(COUNTER_KEY_SEPARATOR);
}

export function splitCounterKey(key: string): string[] {
  return key.split(COUNTER_KEY_SEPARATOR);
}
