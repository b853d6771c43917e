import { migrationsDir as assetsMigrations } from "@slms/assets";
import { migrationsDir as billingMigrations } from "@slms/billing";
import { migrationsDir as contractsMigrations } from "@slms/contracts-service";
import { migrationsDir as customersMigrations } from "@slms/customers";
import { migrationsDir as financeMigrations } from "@slms/finance";
import { migrationsDir as gatewayMigrations } from "@slms/gateway";
import { migrationsDir as notificationsMigrations } from "@slms/notifications";
import { migrationsDir as onboardingMigrations } from "@slms/onboarding";
import { migrationsDir as paymentsMigrations } from "@slms/payments";
import { migrationsDir as reportingMigrations } from "@slms/reporting";

/** The services that own a database, their migrations, and the variable naming that database. */
export const databases = {
  assets: { migrationsDir: assetsMigrations, urlVariable: "ASSETS_DATABASE_URL" },
  customers: { migrationsDir: customersMigrations, urlVariable: "CUSTOMERS_DATABASE_URL" },
  contracts: { migrationsDir: contractsMigrations, urlVariable: "CONTRACTS_DATABASE_URL" },
  billing: { migrationsDir: billingMigrations, urlVariable: "BILLING_DATABASE_URL" },
  payments: { migrationsDir: paymentsMigrations, urlVariable: "PAYMENTS_DATABASE_URL" },
  reporting: { migrationsDir: reportingMigrations, urlVariable: "REPORTING_DATABASE_URL" },
  notifications: {
    migrationsDir: notificationsMigrations,
    urlVariable: "NOTIFICATIONS_DATABASE_URL",
  },
  onboarding: { migrationsDir: onboardingMigrations, urlVariable: "ONBOARDING_DATABASE_URL" },
  finance: { migrationsDir: financeMigrations, urlVariable: "FINANCE_DATABASE_URL" },
  gateway: { migrationsDir: gatewayMigrations, urlVariable: "GATEWAY_DATABASE_URL" },
} as const;

export type ServiceName = keyof typeof databases;
export const serviceNames = Object.keys(databases) as ServiceName[];
