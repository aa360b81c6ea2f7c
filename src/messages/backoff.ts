/** The first retry waits this long; each further one twice as long as the one before. */
export const BASE_DELAY_MS = 30_000;
/** No retry waits longer than this. */
export const MAX_DELAY_MS = 60 * 60_000;

/**
 * When to try again after the `attempts`-th failed send (1 for the first failure), or null when
 * `maxAttempts` have been used and the message is failed for good. Exponential: 30 s, 1 min,
 * 2 min, 4 min … capped at an hour.
 */
export function nextAttemptAt(now: Date, attempts: number, maxAttempts: number): Date | null {
  if (attempts >= maxAttempts) return null;
  const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return new Date(now.getTime() + delay);
}
