import { randomBytes } from "node:crypto";
import { type GatewayDeps, openGatewayDeps } from "@slms/gateway/admin";
import type { Logger } from "@slms/logging";
import { dataDir } from "./data-dir.ts";
import { startEmbeddedPlatform } from "./embedded.ts";

/**
 * What admin commands work with: the gateway's dependencies (its database and the service
 * clients). With `GATEWAY_DATABASE_URL` set they point at the running infrastructure;
 * otherwise the embedded platform is started in this process on its data directory (it must
 * not be running elsewhere).
 */
export async function withPlatform<T>(
  logger: Logger,
  fn: (deps: GatewayDeps) => Promise<T>,
): Promise<T> {
  const env = process.env;
  if (env.GATEWAY_DATABASE_URL) {
    const opened = await openGatewayDeps({
      logger,
      databaseUrl: env.GATEWAY_DATABASE_URL,
      assetsTarget: env.ASSETS_GRPC_URL ?? "localhost:50051",
      customersTarget: env.CUSTOMERS_GRPC_URL ?? "localhost:50052",
      contractsTarget: env.CONTRACTS_GRPC_URL ?? "localhost:50053",
      billingTarget: env.BILLING_GRPC_URL ?? "localhost:50054",
      paymentsTarget: env.PAYMENTS_GRPC_URL ?? "localhost:50055",
      reportingTarget: env.REPORTING_GRPC_URL ?? "localhost:50056",
      notificationsTarget: env.NOTIFICATIONS_GRPC_URL ?? "localhost:50057",
      onboardingTarget: env.ONBOARDING_GRPC_URL ?? "localhost:50058",
      financeTarget: env.FINANCE_GRPC_URL ?? "localhost:50059",
      redisUrl: env.REDIS_URL,
      jwtSecret: env.SLMS_JWT_SECRET ?? randomBytes(32).toString("hex"),
    });
    try {
      await opened.deps.assets.waitForReady(10_000);
      return await fn(opened.deps);
    } finally {
      await opened.close();
    }
  }
  const platform = await startEmbeddedPlatform({
    dataDir: dataDir(),
    logger,
    port: 0,
    host: "127.0.0.1",
    admin: undefined,
  });
  try {
    return await fn(platform.gateway.deps);
  } finally {
    await platform.close();
  }
}
