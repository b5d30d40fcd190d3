/** A small fixed-window limiter for failed sign-ins, keyed by remote address. */
export interface RateLimiterOptions {
  /** Failures allowed per window. @default 10 */
  max?: number;
  /** Window length in ms. @default 60000 */
  windowMs?: number;
  /** @default Date.now */
  now?: () => number;
}

export interface RateLimiter {
  /** Whether this key may try again now. */
  allowed(key: string): boolean;
  /** Records a failure for this key. */
  fail(key: string): void;
}

export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const max = options.max ?? 10;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  const current = (key: string) => {
    const w = windows.get(key);
    if (!w || now() - w.start >= windowMs) return null;
    return w;
  };
  return {
    allowed: (key) => (current(key)?.count ?? 0) < max,
    fail(key) {
      const w = current(key);
      if (w) w.count += 1;
      else {
        if (windows.size > 10_000) windows.clear();
        windows.set(key, { start: now(), count: 1 });
      }
    },
  };
}
