import { AssetsServiceClient, type AssetsServiceDefinition } from "@slms/contracts/assets";
import { BillingServiceClient, type BillingServiceDefinition } from "@slms/contracts/billing";
import { CustomersServiceClient, type CustomersServiceDefinition } from "@slms/contracts/customers";
import { LeaseServiceClient, type LeaseServiceDefinition } from "@slms/contracts/leases";
import { PaymentServiceClient, type PaymentServiceDefinition } from "@slms/contracts/payments";
import { createClient, type GrpcClient } from "@slms/grpc";

/** Where the services the edge reads from (and records bank payments in) listen (`host:port`). */
export interface OwnerTargets {
  assets: string;
  customers: string;
  contracts: string;
  billing: string;
  payments: string;
}

/**
 * The owning services of what the edge serves. Reads may be retried; so may RecordPayment (its
 * request id makes a repeat answer the first payment).
 */
export interface Owners {
  assets: GrpcClient<AssetsServiceDefinition>;
  customers: GrpcClient<CustomersServiceDefinition>;
  contracts: GrpcClient<LeaseServiceDefinition>;
  billing: GrpcClient<BillingServiceDefinition>;
  payments: GrpcClient<PaymentServiceDefinition>;
  close(): void;
}

export function connectOwners(targets: OwnerTargets): Owners {
  const assets = createClient<AssetsServiceDefinition>(AssetsServiceClient, targets.assets, {
    idempotent: ["GetSite", "ListSites", "ListUnits"],
  });
  const customers = createClient<CustomersServiceDefinition>(
    CustomersServiceClient,
    targets.customers,
    { idempotent: ["ListCustomers", "GetCustomer"] },
  );
  const contracts = createClient<LeaseServiceDefinition>(LeaseServiceClient, targets.contracts, {
    idempotent: ["ListLeases", "GetLease", "FindLeaseInText"],
  });
  const billing = createClient<BillingServiceDefinition>(BillingServiceClient, targets.billing, {
    idempotent: ["GetBill"],
  });
  const payments = createClient<PaymentServiceDefinition>(PaymentServiceClient, targets.payments, {
    idempotent: ["RecordPayment"],
  });
  return {
    assets,
    customers,
    contracts,
    billing,
    payments,
    close() {
      for (const client of [assets, customers, contracts, billing, payments]) client.close();
    },
  };
}
