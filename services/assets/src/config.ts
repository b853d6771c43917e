import { brokerSpec, commonServiceSpec, int, loadConfig, optional, port, url } from "@slms/config";

/** Every environment variable the assets service reads (infrastructure mode). */
export const assetsConfigSpec = {
  ...commonServiceSpec,
  ...brokerSpec,
  ASSETS_DATABASE_URL: url({ protocols: ["postgresql", "postgres"], doc: "the assets database" }),
  ASSETS_DB_POOL_MAX: int({ default: 10, min: 1, max: 100 }),
  GRPC_PORT: port({ default: 50051 }),
  METRICS_PORT: optional(port()),
  STATUS_SYNC_INTERVAL_MS: int({
    default: 15 * 60_000,
    min: 0,
    doc: "unit status sync with holds; 0 = off",
  }),
  ASSETS_SYNC_SETTLE_MS: int({
    default: 10_000,
    min: 0,
    max: 600_000,
    doc: "lists by update time (updated_since) show only rows stamped longer ago than this",
  }),
};

export const loadAssetsConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(assetsConfigSpec, env);
