import { DomainError } from "@slms/errors";
import type { Logger } from "@slms/logging";
import { Redis } from "ioredis";

/**
 * The gateway's Redis client (rate limits, idempotency records). While Redis is unreachable,
 * commands fail at once instead of queueing (`enableOfflineQueue: false`): the request that
 * needed them is answered 503 with `Retry-After` (see {@link redisUnavailable}) rather than held
 * open. It reconnects at most 1 s apart, so service resumes within about a second of Redis
 * coming back. Connect with `await redis.connect()`.
 */
export function createRedisClient(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: false,
    retryStrategy: (times) => Math.min(times * 100, 1_000),
  });
  let down = false;
  redis.on("error", (error: Error) => {
    if (!down) logger.warn({ err: error }, "redis unavailable; reconnecting");
    down = true;
  });
  redis.on("ready", () => {
    if (down) logger.info("redis available again");
    down = false;
  });
  return redis;
}

/**
 * Runs a Redis command for `what`, turning a failure of Redis itself into `unavailable` (HTTP
 * 503, `Retry-After: 1`): the caller may retry the same request shortly.
 */
export async function redisUnavailable<T>(what: string, command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch {
    throw new DomainError(
      "unavailable",
      `${what} are unavailable for a moment (Redis); retry shortly`,
      [],
      1,
    );
  }
}
