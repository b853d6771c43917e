/**
 * When a message whose try failed for a passing reason (server down, rate limit) is tried again:
 * after `baseMs · 2^(attempts−1)`, at most `maxMs`, so a provider that is down for an hour is
 * tried a handful of times, not thousands. After `maxAttempts` tries it has failed for good.
 */
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  baseMs: 30_000,
  maxMs: 3_600_000,
  maxAttempts: 10,
};

/** The delay before the next try after `attempts` tries (1 after the first), or null if no more. */
export function retryDelayMs(attempts: number, policy: RetryPolicy): number | null {
  if (attempts >= policy.maxAttempts) return null;
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  return Math.min(policy.baseMs * 2 ** exponent, policy.maxMs);
}
