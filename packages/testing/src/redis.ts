import { Redis } from "ioredis";
import { uniqueSuffix } from "./unique.ts";

/** A key space of one's own on the machine's Redis. */
export interface TestRedis {
  /** `REDIS_URL`, default `redis://127.0.0.1:6379`. */
  url: string;
  /** A unique key prefix, `test:<unique>:`; the code under test puts every key under it. */
  prefix: string;
  /** Deletes every key under the prefix (SCAN, never KEYS). Safe to call twice. */
  close(): Promise<void>;
}

export function redisUrl(): string {
  return process.env.REDIS_URL || "redis://127.0.0.1:6379";
}

/**
 * Gives a test file its own Redis key prefix and deletes its keys afterwards. It opens no
 * connection until close().
 *
 * @example
 * const redisNs = createTestRedis();
 * const redis = new Redis(redisNs.url, { keyPrefix: redisNs.prefix });
 * afterAll(async () => { redis.disconnect(); await redisNs.close(); });
 */
export function createTestRedis(): TestRedis {
  const url = redisUrl();
  const prefix = `test:${uniqueSuffix()}:`;
  let closing: Promise<void> | undefined;
  return {
    url,
    prefix,
    close() {
      closing ??= (async () => {
        const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
        await redis.connect();
        try {
          let cursor = "0";
          do {
            const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
            if (keys.length > 0) await redis.unlink(...keys);
            cursor = next;
          } while (cursor !== "0");
        } finally {
          await redis.quit();
        }
      })();
      return closing;
    },
  };
}
