/** Jittered exponential backoff ("full jitter" over the upper half): base·2^attempt, capped. */
export function createBackoff(baseMs: number, maxMs: number, random: () => number = Math.random) {
  let attempt = 0;
  return {
    next(): number {
      const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
      attempt++;
      return Math.round(ceiling / 2 + random() * (ceiling / 2));
    },
    reset(): void {
      attempt = 0;
    },
    get attempts(): number {
      return attempt;
    },
  };
}
