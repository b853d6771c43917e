import type { Redis } from "ioredis";
import { redisUnavailable } from "../redis.ts";

export interface RateDecision {
  allowed: boolean;
  /** Hits left in the window after this one. */
  remaining: number;
  /** When blocked: milliseconds until the window resets. */
  retryAfterMs: number;
}

/** Fixed-window counters: at most `limit` hits per key per `windowMs`. */
export interface RateLimiter {
  hit(key: string, limit: number, windowMs: number): Promise<RateDecision>;
  reset(key: string): Promise<void>;
}

/**
 * Shared across gateway replicas through Redis; INCR and the expiry are one atomic step. While
 * Redis is unreachable both methods fail `unavailable` (503).
 */
export function redisRateLimiter(redis: Redis, prefix = "slms:rl:"): RateLimiter {
  return {
    hit: (key, limit, windowMs) =>
      redisUnavailable("rate limits", async () => {
        const name = prefix + key;
        const result = await redis
          .multi()
          .incr(name)
          .pexpire(name, windowMs, "NX")
          .pttl(name)
          .exec();
        const count = Number(result?.[0]?.[1] ?? 0);
        const ttl = Number(result?.[2]?.[1] ?? windowMs);
        return decision(count, limit, ttl);
      }),
    reset: (key) =>
      redisUnavailable("rate limits", async () => {
        await redis.del(prefix + key);
      }),
  };
}

/** Embedded mode: the same counters in this process's memory. */
export function memoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    async hit(key, limit, windowMs) {
      const t = now();
      let window = windows.get(key);
      if (!window || window.resetAt <= t) {
        window = { count: 0, resetAt: t + windowMs };
        windows.set(key, window);
        if (windows.size > 10_000) prune(t);
      }
      window.count++;
      return decision(window.count, limit, window.resetAt - t);
    },
    async reset(key) {
      windows.delete(key);
    },
  };

  function prune(t: number) {
    for (const [key, window] of windows) if (window.resetAt <= t) windows.delete(key);
  }
}

function decision(count: number, limit: number, ttlMs: number): RateDecision {
  return {
    allowed: count <= limit,
    remaining: Math.max(0, limit - count),
    retryAfterMs: count <= limit ? 0 : Math.max(ttlMs, 0),
  };
}
