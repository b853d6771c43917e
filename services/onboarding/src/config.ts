import {
  brokerSpec,
  commonServiceSpec,
  hostPort,
  int,
  loadConfig,
  optional,
  port,
  url,
} from "@slms/config";

/** Every environment variable the onboarding service reads (infrastructure mode). */
export const onboardingConfigSpec = {
  ...commonServiceSpec,
  ...brokerSpec,
  ONBOARDING_DATABASE_URL: url({
    protocols: ["postgresql", "postgres"],
    doc: "the onboarding database (imports and their commits)",
  }),
  ONBOARDING_DB_POOL_MAX: int({ default: 10, min: 1, max: 100 }),
  GRPC_PORT: port({ default: 50058 }),
  METRICS_PORT: optional(port()),
  // The owning services an import writes into.
  ASSETS_GRPC_URL: hostPort({ default: "localhost:50051" }),
  CUSTOMERS_GRPC_URL: hostPort({ default: "localhost:50052" }),
  CONTRACTS_GRPC_URL: hostPort({ default: "localhost:50053" }),
  BILLING_GRPC_URL: hostPort({ default: "localhost:50054" }),
  PAYMENTS_GRPC_URL: hostPort({ default: "localhost:50055" }),
};

export const loadOnboardingConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(onboardingConfigSpec, env);
