import { AssetsServiceClient, type AssetsServiceDefinition } from "@slms/contracts/assets";
import { CustomersServiceClient, type CustomersServiceDefinition } from "@slms/contracts/customers";
import { LeaseServiceClient, type LeaseServiceDefinition } from "@slms/contracts/leases";
import { createClient, type GrpcClient } from "@slms/grpc";

/** Where the services the edge reads from listen (`host:port`). */
export interface OwnerTargets {
  assets: string;
  customers: string;
  contracts: string;
}

/** The owning services of what the edge serves. Only reads: every call may be retried. */
export interface Owners {
  assets: GrpcClient<AssetsServiceDefinition>;
  customers: GrpcClient<CustomersServiceDefinition>;
  contracts: GrpcClient<LeaseServiceDefinition>;
  close(): void;
}

export function connectOwners(targets: OwnerTargets): Owners {
  const assets = createClient<AssetsServiceDefinition>(AssetsServiceClient, targets.assets, {
    idempotent: ["GetSite", "ListSites", "ListUnits"],
  });
  const customers = createClient<CustomersServiceDefinition>(
    CustomersServiceClient,
    targets.customers,
    { idempotent: ["ListCustomers"] },
  );
  const contracts = createClient<LeaseServiceDefinition>(LeaseServiceClient, targets.contracts, {
    idempotent: ["ListLeases"],
  });
  return {
    assets,
    customers,
    contracts,
    close() {
      for (const client of [assets, customers, contracts]) client.close();
    },
  };
}
