export { createTestBroker, rabbitmqUrl, type TestBroker } from "./broker.ts";
export {
  adminDatabaseUrl,
  createTestDatabase,
  type TestDatabase,
  type TestDatabaseOptions,
} from "./database.ts";
export { expectLateCommitDelivered, type LateCommitCase } from "./late-commit.ts";
export {
  bucketBounds,
  findSamples,
  type MetricSample,
  parseMetrics,
  scrapeHandler,
  scrapeMetrics,
} from "./metrics.ts";
export { createTestRedis, redisUrl, type TestRedis } from "./redis.ts";
export { type RedisServer, startRedisServer } from "./redis-server.ts";
export { type WaitForOptions, waitFor } from "./wait-for.ts";
