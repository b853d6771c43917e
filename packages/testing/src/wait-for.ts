/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /**
   * Give up after this long, ms. Default 20,000: what events take through RabbitMQ and a
   * consumer's transaction while a 2-core machine runs the suite is seconds, not milliseconds (at
   * 5,000 a waiver's inbox item missed it once). Only a failing test waits it out.
   */
  timeoutMs?: number;
  /** Pause between checks, ms. Default 25. */
  intervalMs?: number;
  /** What is awaited, for the error message (e.g. "the unit.created event to arrive"). */
  description?: string;
}

/**
 * Polls `condition` until it returns a truthy value, and returns that value; throws once
 * `timeoutMs` has passed. The replacement for sleeps in tests: wait for the state you expect,
 * with a deadline. A condition that throws counts as not yet true; the last error is reported.
 *
 * @example
 * await waitFor(async () => (await store.pendingCount()) === 0, { description: "outbox drained" });
 * const msg = await waitFor(() => received.find((m) => m.id === id));
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<NonNullable<Awaited<T>>> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const intervalMs = options.intervalMs ?? 25;
  const started = Date.now();
  let attempts = 0;
  let lastError: unknown;
  for (;;) {
    attempts++;
    try {
      const value = await condition();
      if (value) return value as NonNullable<Awaited<T>>;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    const elapsed = Date.now() - started;
    if (elapsed >= timeoutMs) {
      const what = options.description ?? "condition";
      const cause =
        lastError === undefined
          ? "it stayed false"
          : `last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`;
      throw new Error(
        `waitFor: timed out after ${timeoutMs} ms (${attempts} checks) waiting for ${what}; ${cause}`,
        { cause: lastError },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, timeoutMs - elapsed)));
  }
}
