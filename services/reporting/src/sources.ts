import { AssetsServiceClient, type AssetsServiceDefinition } from "@slms/contracts/assets";
import { BillingServiceClient, type BillingServiceDefinition } from "@slms/contracts/billing";
import { CustomersServiceClient, type CustomersServiceDefinition } from "@slms/contracts/customers";
import { LeaseServiceClient, type LeaseServiceDefinition } from "@slms/contracts/leases";
import { PaymentServiceClient, type PaymentServiceDefinition } from "@slms/contracts/payments";
import { createClient, type GrpcClient } from "@slms/grpc";

/** Where the services that own the data reporting shows listen (`host:port`). */
export interface SourceTargets {
  assets: string;
  customers: string;
  contracts: string;
  billing: string;
  payments: string;
}

/** The owning services, as a rebuild reads them (reads only: every method may be retried). */
export interface Sources {
  assets: GrpcClient<AssetsServiceDefinition>;
  customers: GrpcClient<CustomersServiceDefinition>;
  contracts: GrpcClient<LeaseServiceDefinition>;
  billing: GrpcClient<BillingServiceDefinition>;
  payments: GrpcClient<PaymentServiceDefinition>;
  close(): void;
}

const deadlineMs = 60_000;

export function connectSources(targets: SourceTargets): Sources {
  const assets = createClient<AssetsServiceDefinition>(AssetsServiceClient, targets.assets, {
    deadlineMs,
    idempotent: ["GetSite", "ListSites", "ListUnits"],
  });
  const customers = createClient<CustomersServiceDefinition>(
    CustomersServiceClient,
    targets.customers,
    { deadlineMs, idempotent: ["ListCustomers"] },
  );
  const contracts = createClient<LeaseServiceDefinition>(LeaseServiceClient, targets.contracts, {
    deadlineMs,
    idempotent: ["ListLeases"],
  });
  const billing = createClient<BillingServiceDefinition>(BillingServiceClient, targets.billing, {
    deadlineMs,
    idempotent: ["ListBillHistory"],
  });
  const payments = createClient<PaymentServiceDefinition>(PaymentServiceClient, targets.payments, {
    deadlineMs,
    idempotent: ["ListPayments", "GetDepositLedger"],
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
