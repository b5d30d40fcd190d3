export interface TokenBucketOptions {
  /** Tokens added per second. */
  rate: number;
  /** Bucket size, and the tokens it starts with. */
  burst: number;
  /** Clock in milliseconds. @default performance.now */
  now?: () => number;
}

export interface TokenBucket {
  /** Takes one token; false when the bucket is empty. */
  take(): boolean;
}

/** A classic token bucket, refilled lazily on each take (no timers per socket). */
export function createTokenBucket({
  rate,
  burst,
  now = () => performance.now(),
}: TokenBucketOptions): TokenBucket {
  let tokens = burst;
  let last = now();
  return {
    take() {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) * rate) / 1000);
      last = t;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
