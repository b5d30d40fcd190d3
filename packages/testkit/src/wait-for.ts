export interface WaitForOptions {
  /** Give up after this long. @default 10000 */
  timeoutMs?: number;
  /** Pause between two calls of the predicate. @default 50 */
  intervalMs?: number;
  /** What was awaited, for the timeout error. @default 'condition' */
  message?: string;
}

/**
 * Calls `predicate` until it returns a truthy value (which is returned) or the deadline
 * passes (rejects with `timed out after Nms waiting for <message>`, plus the last error the
 * predicate threw, if any). Polls with a deadline instead of sleeping a fixed time.
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const { timeoutMs = 10_000, intervalMs = 50, message = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs}ms waiting for ${message}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
