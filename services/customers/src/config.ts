import {
  brokerSpec,
  commonServiceSpec,
  int,
  loadConfig,
  optional,
  port,
  url,
  type VarSpec,
} from "@slms/config";
import { parseKey } from "./domain/id-protection.ts";

/** A secret 32-byte key given in base64. */
const key = (doc: string): VarSpec<Buffer> => ({ parse: parseKey, secret: true, doc });

/** Every environment variable the customers service reads (infrastructure mode). */
export const customersConfigSpec = {
  ...commonServiceSpec,
  ...brokerSpec,
  CUSTOMERS_DATABASE_URL: url({
    protocols: ["postgresql", "postgres"],
    doc: "the customers database",
  }),
  CUSTOMERS_DB_POOL_MAX: int({ default: 10, min: 1, max: 100 }),
  CUSTOMERS_ENCRYPTION_KEY: key("AES-256-GCM key for ID numbers at rest (openssl rand -base64 32)"),
  CUSTOMERS_HMAC_KEY: key(
    "HMAC-SHA256 key of the ID number blind index; not the encryption key (openssl rand -base64 32)",
  ),
  GRPC_PORT: port({ default: 50052 }),
  METRICS_PORT: optional(port()),
  CUSTOMERS_SYNC_SETTLE_MS: int({
    default: 10_000,
    min: 0,
    max: 600_000,
    doc: "lists by update time (updated_since) show only rows stamped longer ago than this",
  }),
};

export const loadCustomersConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(customersConfigSpec, env);
