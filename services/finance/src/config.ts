import {
  brokerSpec,
  commonServiceSpec,
  hostPort,
  int,
  loadConfig,
  optional,
  port,
  str,
  url,
} from "@slms/config";

/** How long API-call audit rows are kept when not configured: a year and a month. */
export const DEFAULT_API_CALL_RETENTION_DAYS = 400;

/** Every environment variable the finance service reads (infrastructure mode). */
export const financeConfigSpec = {
  ...commonServiceSpec,
  ...brokerSpec,
  FINANCE_DATABASE_URL: url({
    protocols: ["postgresql", "postgres"],
    doc: "the finance database (API clients, the audit of their calls, the change feed)",
  }),
  FINANCE_DB_POOL_MAX: int({ default: 10, min: 1, max: 100 }),
  GRPC_PORT: port({ default: 50059, doc: "internal gRPC (ApiClientService), no TLS" }),
  FINANCE_EDGE_PORT: port({ default: 50443, doc: "the public FinanceService, TLS" }),
  FINANCE_EDGE_HOST: str({ default: "0.0.0.0", doc: "the address the edge binds" }),
  FINANCE_TLS_CERT_FILE: str({ doc: "PEM certificate chain of the edge" }),
  FINANCE_TLS_KEY_FILE: str({ doc: "PEM private key of the edge (a path; the key is not logged)" }),
  FINANCE_TLS_CLIENT_CA_FILE: optional(
    str({ doc: "PEM CA bundle; when set, clients must present a certificate it signed (mTLS)" }),
  ),
  FINANCE_API_CALL_RETENTION_DAYS: int({
    default: DEFAULT_API_CALL_RETENTION_DAYS,
    min: 1,
    max: 3650,
    doc: "days the audit row of each API call is kept, then deleted (hourly)",
  }),
  METRICS_PORT: optional(port()),
  // The owning services the edge reads from (and records bank payments in).
  ASSETS_GRPC_URL: hostPort({ default: "localhost:50051" }),
  CUSTOMERS_GRPC_URL: hostPort({ default: "localhost:50052" }),
  CONTRACTS_GRPC_URL: hostPort({ default: "localhost:50053" }),
  BILLING_GRPC_URL: hostPort({ default: "localhost:50054" }),
  PAYMENTS_GRPC_URL: hostPort({ default: "localhost:50055" }),
};

export const loadFinanceConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(financeConfigSpec, env);
