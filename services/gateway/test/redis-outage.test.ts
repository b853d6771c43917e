import { createLogger } from "@slms/logging";
import { type RedisServer, startRedisServer, waitFor } from "@slms/testing";
import express from "express";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userRateLimit } from "../src/auth/authenticate.ts";
import { redisRateLimiter } from "../src/auth/rate-limiter.ts";
import { errorHandler } from "../src/http/errors.ts";
import { idempotency } from "../src/idempotency/middleware.ts";
import { redisIdempotencyStore } from "../src/idempotency/store.ts";
import { createRedisClient } from "../src/redis.ts";

// The gateway's Redis (idempotency records, rate limits) stopped and started again, on a
// redis-server of the test's own: a money route answers 503 with Retry-After at once and does
// not run; when Redis is back the same key runs once; the API's rate limit lets requests through.

const logger = createLogger({ service: "redis-outage-test", level: "silent" });
let server: RedisServer;
let redis: Redis;
let base: string;
let close: () => void;
const runs = new Map<string, number>();

beforeAll(async () => {
  server = await startRedisServer();
  redis = createRedisClient(server.url, logger);
  await redis.connect();
  const app = express();
  app.use(express.json());
  app.use((req, res, next) => {
    res.locals.principal = { userId: req.header("x-user") ?? "usr_cashier" };
    next();
  });
  app.use(userRateLimit(redisRateLimiter(redis, "rl:"), 1_000));
  app.get("/reads", (_req, res) => {
    res.json({ ok: true });
  });
  app.post(
    "/payments",
    idempotency(redisIdempotencyStore(redis, "idem:"), "required", logger),
    (req, res) => {
      const key = req.header("idempotency-key")!;
      runs.set(key, (runs.get(key) ?? 0) + 1);
      res.status(201).json({ key, amountMinor: req.body.amountMinor });
    },
  );
  app.use(errorHandler(logger));
  const listening = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => listening.once("listening", resolve));
  const address = listening.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  close = () => listening.close();
});

afterAll(async () => {
  close?.();
  redis?.disconnect();
  await server?.stop();
});

const pay = (key: string) =>
  fetch(`${base}/payments`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify({ amountMinor: 10_000 }),
  });

describe("the gateway while its Redis is down", () => {
  it("answers a money route 503 with Retry-After at once, runs it once when Redis is back", async () => {
    expect((await pay("pay-before-0001")).status).toBe(201);
    await server.stop();

    const started = performance.now();
    const down = await pay("pay-during-0001");
    const tookMs = performance.now() - started;
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBe("1");
    expect(((await down.json()) as { error: unknown }).error).toMatchObject({
      code: "unavailable",
    });
    expect(tookMs).toBeLessThan(2_000);
    expect(runs.get("pay-during-0001")).toBeUndefined();
    // Reads go on: the API's rate limit lets requests through while it cannot count them.
    expect((await fetch(`${base}/reads`)).status).toBe(200);

    await server.start(); // empty: no persistence
    await waitFor(async () => (await pay("pay-during-0001")).status === 201, {
      timeoutMs: 10_000,
      intervalMs: 100,
      description: "the money route to work again",
    });
    const again = await pay("pay-during-0001");
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(runs.get("pay-during-0001")).toBe(1);
  });
});
