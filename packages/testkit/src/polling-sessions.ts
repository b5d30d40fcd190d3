import { HANDSHAKE_ERRORS, SESSION_ID_UNKNOWN_CODE } from '@sockscope/contracts';
import { io } from 'socket.io-client';
import type { ClientSocket } from './clients.js';

export interface PollingSessionsOptions {
  url: string;
  /** Sessions to run. */
  count: number;
  /** JWT for session `index`. */
  token: (index: number) => string | Promise<string>;
  /** Sessions in flight at once (connects are batched to stay within the machine's limits). @default 50 */
  concurrency?: number;
  /** Room the sessions join and publish to. @default 'polling-sessions' */
  room?: string;
  /** A session that has not finished by then counts as timed out. @default 20000 */
  sessionTimeoutMs?: number;
}

export interface PollingSessionsResult {
  /** Sessions that did the handshake and both acknowledged round trips. */
  completed: number;
  /** `connect_error` events seen by the clients. */
  connectErrors: number;
  /** Disconnects before the session finished. */
  disconnects: number;
  /** Client errors that were engine.io's `Session ID unknown` (HTTP 400 on a polling request). */
  sessionIdUnknown: number;
  timeouts: number;
  /** Up to 20 failure descriptions, for the assertion message. */
  samples: string[];
}

const SESSION_ID_UNKNOWN = HANDSHAKE_ERRORS[SESSION_ID_UNKNOWN_CODE];

interface TransportErrorLike {
  message?: string;
  description?: unknown;
  context?: { responseText?: unknown; status?: unknown };
}

/** engine.io answers a request for a session it does not know with 400 `{"code":1,"message":"Session ID unknown"}`. */
function isSessionIdUnknown(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const transportError = error as TransportErrorLike;
  const text = transportError.context?.responseText;
  if (typeof text === 'string' && text.includes(SESSION_ID_UNKNOWN)) return true;
  return transportError.description === 400 || transportError.context?.status === 400;
}

function describe(error: unknown): string {
  if (!error || typeof error !== 'object') return String(error);
  const transportError = error as TransportErrorLike;
  const text = transportError.context?.responseText;
  return `${transportError.message ?? 'error'} ${String(transportError.description ?? '')} ${typeof text === 'string' ? text.slice(0, 80) : ''}`.trim();
}

/**
 * Runs `count` polling-only socket.io sessions (`transports: ['polling']`, no reconnection):
 * each does the handshake, an ack'ed `room:join` and an ack'ed `room:publish` (several polling
 * round trips on the same session), then disconnects. Counts what went wrong on the client side.
 */
export async function runPollingSessions(
  options: PollingSessionsOptions,
): Promise<PollingSessionsResult> {
  const {
    url,
    count,
    token,
    concurrency = 50,
    room = 'polling-sessions',
    sessionTimeoutMs = 20_000,
  } = options;
  const result: PollingSessionsResult = {
    completed: 0,
    connectErrors: 0,
    disconnects: 0,
    sessionIdUnknown: 0,
    timeouts: 0,
    samples: [],
  };
  const note = (sample: string): void => {
    if (result.samples.length < 20) result.samples.push(sample);
  };

  const runOne = async (index: number): Promise<void> => {
    const socket: ClientSocket = io(url, {
      forceNew: true,
      transports: ['polling'],
      reconnection: false,
      timeout: sessionTimeoutMs,
      auth: { token: await token(index) },
    });
    await new Promise<void>((resolve) => {
      let finished = false;
      const finish = (): void => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        socket.disconnect();
        resolve();
      };
      const timer = setTimeout(() => {
        result.timeouts += 1;
        note(`session ${index}: timed out`);
        finish();
      }, sessionTimeoutMs);
      socket.on('connect_error', (error) => {
        result.connectErrors += 1;
        if (isSessionIdUnknown(error)) result.sessionIdUnknown += 1;
        note(`session ${index}: connect_error ${describe(error)}`);
        finish();
      });
      socket.on('disconnect', (reason, details) => {
        if (finished) return;
        result.disconnects += 1;
        if (isSessionIdUnknown(details)) result.sessionIdUnknown += 1;
        note(`session ${index}: disconnect ${reason} ${describe(details)}`);
        finish();
      });
      socket.on('connect', () => {
        void (async () => {
          try {
            const joined = await socket
              .timeout(sessionTimeoutMs)
              .emitWithAck('room:join', { room });
            if (!joined.ok) throw new Error(`room:join refused: ${joined.error}`);
            const published = await socket
              .timeout(sessionTimeoutMs)
              .emitWithAck('room:publish', { room, payload: { index } });
            if (!published.ok) throw new Error(`room:publish refused: ${published.error}`);
            if (!finished) result.completed += 1;
          } catch (error) {
            if (!finished) note(`session ${index}: ${(error as Error).message}`);
          }
          finish();
        })();
      });
    });
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      await runOne(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return result;
}
