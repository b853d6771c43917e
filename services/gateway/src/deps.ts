import type { AssetsServiceDefinition } from "@slms/contracts/assets";
import type { BillingServiceDefinition } from "@slms/contracts/billing";
import type { CustomersServiceDefinition } from "@slms/contracts/customers";
import type {
  AccountingServiceDefinition,
  ApiClientServiceDefinition,
  BankLineServiceDefinition,
} from "@slms/contracts/finance";
import type { LeaseServiceDefinition } from "@slms/contracts/leases";
import type { NotificationsServiceDefinition } from "@slms/contracts/notifications";
import type { OnboardingServiceDefinition } from "@slms/contracts/onboarding";
import type { PaymentServiceDefinition } from "@slms/contracts/payments";
import type { ReportingServiceDefinition } from "@slms/contracts/reporting";
import type { GrpcClient } from "@slms/grpc";
import type { Logger } from "@slms/logging";
import type { RateLimiter } from "./auth/rate-limiter.ts";
import type { AccessTokens } from "./auth/tokens.ts";
import type { PrismaClient } from "./generated/prisma/client.ts";
import type { IdempotencyStore } from "./idempotency/store.ts";

/** Everything the gateway's routes and use-cases need, built once by `startGateway`. */
export interface GatewayDeps {
  db: PrismaClient;
  assets: GrpcClient<AssetsServiceDefinition>;
  customers: GrpcClient<CustomersServiceDefinition>;
  leases: GrpcClient<LeaseServiceDefinition>;
  billing: GrpcClient<BillingServiceDefinition>;
  payments: GrpcClient<PaymentServiceDefinition>;
  reporting: GrpcClient<ReportingServiceDefinition>;
  notifications: GrpcClient<NotificationsServiceDefinition>;
  onboarding: GrpcClient<OnboardingServiceDefinition>;
  /** The finance edge's API clients (ERP access), internal port; null when not configured. */
  apiClients: GrpcClient<ApiClientServiceDefinition> | null;
  /** The finance service's account mapping (journal entries of the ERP feed); null likewise. */
  accounting: GrpcClient<AccountingServiceDefinition> | null;
  /** The finance service's bank statement lines (the cashiers' unmatched queue); null likewise. */
  bankLines: GrpcClient<BankLineServiceDefinition> | null;
  tokens: AccessTokens;
  rateLimiter: RateLimiter;
  idempotency: IdempotencyStore;
  logger: Logger;
  limits: {
    /** Login attempts per e-mail and client address per window. */
    loginAttempts: number;
    loginWindowMs: number;
    /** API requests per user per minute; 0 turns the limit off. */
    requestsPerMinute: number;
  };
  refreshTokenTtlMs: number;
}
