export interface AuthLimiterOptions {
  /** Failed attempts from one address within `windowMs` that start a block. @default 5 */
  maxFailures?: number;
  /** @default 60000 */
  windowMs?: number;
  /** How long a blocked address is refused, even with the right token. @default 60000 */
  blockMs?: number;
  /** Addresses tracked at most; the least recently failed are forgotten first. @default 10000 */
  maxAddresses?: number;
}

interface Entry {
  windowStart: number;
  count: number;
  blockedUntil: number;
}

export interface AuthLimiter {
  /** Milliseconds this address stays blocked, 0 when it may try. */
  blockedFor(address: string, now?: number): number;
  /** Records a failed attempt; returns the block in ms it started, else 0. */
  fail(address: string, now?: number): number;
  /** Addresses tracked now (bounded by `maxAddresses`). */
  size(): number;
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are one address; unknown peers share one bucket. */
export function normalizeAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * Counts failed token attempts per remote address and blocks an address for `blockMs` after
 * `maxFailures` within `windowMs`. Only failures are tracked, so a success neither resets nor
 * touches any address; the block also refuses the right token, otherwise guessing would go on.
 */
export function createAuthLimiter(options: AuthLimiterOptions = {}): AuthLimiter {
  const maxFailures = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 60_000;
  const blockMs = options.blockMs ?? 60_000;
  const maxAddresses = options.maxAddresses ?? 10_000;
  // Map order is insertion order: re-inserting on every failure keeps it least-recent first.
  const entries = new Map<string, Entry>();

  const expired = (e: Entry, now: number): boolean =>
    e.blockedUntil <= now && now - e.windowStart >= windowMs;

  const evict = (now: number): void => {
    for (const [address, e] of entries) {
      if (entries.size < maxAddresses) return;
      if (expired(e, now)) entries.delete(address);
    }
    // Still full (an address flood): forget the least recently failed.
    for (const address of entries.keys()) {
      if (entries.size < maxAddresses) return;
      entries.delete(address);
    }
  };

  return {
    blockedFor(address, now = Date.now()) {
      const e = entries.get(address);
      if (e === undefined) return 0;
      if (expired(e, now)) {
        entries.delete(address);
        return 0;
      }
      return Math.max(0, e.blockedUntil - now);
    },
    fail(address, now = Date.now()) {
      let e = entries.get(address);
      if (e !== undefined) entries.delete(address);
      if (e === undefined || now - e.windowStart >= windowMs) {
        e = { windowStart: now, count: 0, blockedUntil: 0 };
      }
      if (entries.size >= maxAddresses) evict(now);
      entries.set(address, e);
      e.count++;
      if (e.count >= maxFailures && e.blockedUntil <= now) {
        e.blockedUntil = now + blockMs;
        return blockMs;
      }
      return 0;
    },
    size: () => entries.size,
  };
}
