import { createHash, timingSafeEqual } from 'node:crypto';
import { SIDECAR_CONNECT_ERRORS } from '@sockscope/contracts';

const MAX_FAILURES = 5;
const WINDOW_MS = 60_000;
const BLOCK_MS = 60_000;
const MAX_TRACKED_ADDRESSES = 10_000;

interface Failures {
  windowStart: number;
  count: number;
  blockedUntil: number;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export type SidecarRefusal = (typeof SIDECAR_CONNECT_ERRORS)[keyof typeof SIDECAR_CONNECT_ERRORS];

/**
 * Checks a sidecar's token in constant time (equal-length SHA-256 digests) and refuses an
 * address for a while after `MAX_FAILURES` failures within a minute.
 */
export class SidecarAuth {
  private readonly expected: Buffer;
  private readonly failures = new Map<string, Failures>();

  constructor(token: string) {
    this.expected = digest(token);
  }

  /** Null when accepted, else the `connect_error` message. */
  check(address: string, token: unknown, now = Date.now()): SidecarRefusal | null {
    const entry = this.failures.get(address);
    if (entry !== undefined && entry.blockedUntil > now) return SIDECAR_CONNECT_ERRORS.rateLimited;
    if (typeof token !== 'string' || token === '') {
      this.fail(address, now);
      return SIDECAR_CONNECT_ERRORS.missingToken;
    }
    if (!timingSafeEqual(digest(token), this.expected)) {
      this.fail(address, now);
      return SIDECAR_CONNECT_ERRORS.invalidToken;
    }
    return null;
  }

  private fail(address: string, now: number): void {
    if (this.failures.size >= MAX_TRACKED_ADDRESSES) this.prune(now);
    let entry = this.failures.get(address);
    if (entry === undefined || now - entry.windowStart > WINDOW_MS) {
      entry = { windowStart: now, count: 0, blockedUntil: 0 };
      this.failures.set(address, entry);
    }
    entry.count++;
    if (entry.count >= MAX_FAILURES) entry.blockedUntil = now + BLOCK_MS;
  }

  private prune(now: number): void {
    for (const [address, entry] of this.failures) {
      if (entry.blockedUntil <= now && now - entry.windowStart > WINDOW_MS)
        this.failures.delete(address);
    }
    // Still full (an address flood): forget the oldest half rather than grow without bound.
    if (this.failures.size >= MAX_TRACKED_ADDRESSES) {
      let drop = this.failures.size / 2;
      for (const address of this.failures.keys()) {
        if (drop-- <= 0) break;
        this.failures.delete(address);
      }
    }
  }
}
