import { migrationsDir as assetsMigrations } from "@slms/assets";
import { migrationsDir as contractsMigrations } from "@slms/contracts-service";
import { migrationsDir as customersMigrations } from "@slms/customers";
import { migrationsDir as gatewayMigrations } from "@slms/gateway";

/** The services that own a database, their migrations, and the variable naming that database. */
export const databases = {
  assets: { migrationsDir: assetsMigrations, urlVariable: "ASSETS_DATABASE_URL" },
  customers: { migrationsDir: customersMigrations, urlVariable: "CUSTOMERS_DATABASE_URL" },
  contracts: { migrationsDir: contractsMigrations, urlVariable: "CONTRACTS_DATABASE_URL" },
  gateway: { migrationsDir: gatewayMigrations, urlVariable: "GATEWAY_DATABASE_URL" },
} as const;

export type ServiceName = keyof typeof databases;
export const serviceNames = Object.keys(databases) as ServiceName[];
