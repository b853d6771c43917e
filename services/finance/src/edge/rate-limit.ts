import { rateLimited } from "@slms/errors";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { EdgeClient } from "../domain/edge-caller.ts";

/**
 * Calls per client and minute, in a fixed one-minute window in this process's memory
 * (rate-limiter-flexible): each replica counts its own calls. One limiter per distinct rate,
 * keyed by client id.
 */
export class ClientRateLimiter {
  readonly #limiters = new Map<number, RateLimiterMemory>();

  /** Counts a call; throws `rate_limited` (with when to retry) past the client's rate. */
  async take(client: EdgeClient): Promise<void> {
    const points = client.requestsPerMinute;
    let limiter = this.#limiters.get(points);
    if (!limiter) {
      limiter = new RateLimiterMemory({ points, duration: 60, keyPrefix: `rpm${points}` });
      this.#limiters.set(points, limiter);
    }
    try {
      await limiter.consume(client.id);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        throw rateLimited(
          `more than ${points} calls a minute; try again later`,
          error.msBeforeNext,
        );
      }
      throw error;
    }
  }
}
