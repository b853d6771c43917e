import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRedis } from "../src/redis.ts";

let redis: Redis;
beforeAll(async () => {
  redis = new Redis(createTestRedis().url);
});
afterAll(async () => {
  await redis.quit();
});

describe("createTestRedis", () => {
  it("gives unique prefixes", () => {
    const a = createTestRedis();
    const b = createTestRedis();
    expect(a.prefix).toMatch(/^test:[a-z0-9]+:$/);
    expect(a.prefix).not.toBe(b.prefix);
    expect(a.url).toBe(process.env.REDIS_URL || "redis://127.0.0.1:6379");
  });

  it("deletes every key under its prefix, and only those", async () => {
    const mine = createTestRedis();
    const neighbour = createTestRedis();
    // More keys than one SCAN page, of several types.
    const pipeline = redis.pipeline();
    for (let i = 0; i < 2500; i++) pipeline.set(`${mine.prefix}k:${i}`, "v");
    pipeline.hset(`${mine.prefix}hash`, "f", "v");
    pipeline.zadd(`${mine.prefix}zset`, 1, "m");
    pipeline.set(`${neighbour.prefix}keep`, "v");
    await pipeline.exec();

    await mine.close();
    await mine.close();

    const [, left] = await redis.scan("0", "MATCH", `${mine.prefix}*`, "COUNT", 10_000);
    expect(left).toEqual([]);
    expect(await redis.exists(`${mine.prefix}hash`, `${mine.prefix}k:0`)).toBe(0);
    expect(await redis.get(`${neighbour.prefix}keep`)).toBe("v");
    await neighbour.close();
    expect(await redis.get(`${neighbour.prefix}keep`)).toBeNull();
  });

  it("works with ioredis keyPrefix", async () => {
    const ns = createTestRedis();
    const scoped = new Redis(ns.url, { keyPrefix: ns.prefix });
    try {
      await scoped.set("session:1", "x");
      expect(await redis.get(`${ns.prefix}session:1`)).toBe("x");
      await ns.close();
      expect(await redis.get(`${ns.prefix}session:1`)).toBeNull();
    } finally {
      await scoped.quit();
    }
  });
});
