import { AssetsServiceClient, type AssetsServiceDefinition } from "@slms/contracts/assets";
import { BillingServiceClient, type BillingServiceDefinition } from "@slms/contracts/billing";
import { CustomersServiceClient, type CustomersServiceDefinition } from "@slms/contracts/customers";
import { LeaseServiceClient, type LeaseServiceDefinition } from "@slms/contracts/leases";
import { PaymentServiceClient, type PaymentServiceDefinition } from "@slms/contracts/payments";
import { createClient, type GrpcClient } from "@slms/grpc";

/** Where the services an import writes into listen (`host:port`). */
export interface OwnerTargets {
  assets: string;
  customers: string;
  contracts: string;
  billing: string;
  payments: string;
}

/** The owning services. Import calls are idempotent by batch and row key: all may retry. */
export interface Owners {
  assets: GrpcClient<AssetsServiceDefinition>;
  customers: GrpcClient<CustomersServiceDefinition>;
  contracts: GrpcClient<LeaseServiceDefinition>;
  billing: GrpcClient<BillingServiceDefinition>;
  payments: GrpcClient<PaymentServiceDefinition>;
  close(): void;
}

/** A bulk call of 5,000 rows may take a while on a busy machine. */
const deadlineMs = 120_000;
const batchCalls = ["ReleaseImport", "DiscardImport", "RollBackImport"];

export function connectOwners(targets: OwnerTargets): Owners {
  const assets = createClient<AssetsServiceDefinition>(AssetsServiceClient, targets.assets, {
    deadlineMs,
    idempotent: ["GetSite", "ListUnits", "ImportUnits", ...batchCalls],
  });
  const customers = createClient<CustomersServiceDefinition>(
    CustomersServiceClient,
    targets.customers,
    {
      deadlineMs,
      idempotent: ["FindCustomersByIdNumber", "ListCustomers", "ImportCustomers", ...batchCalls],
    },
  );
  const contracts = createClient<LeaseServiceDefinition>(LeaseServiceClient, targets.contracts, {
    deadlineMs,
    idempotent: ["ListLeases", "ImportLeases", ...batchCalls],
  });
  const billing = createClient<BillingServiceDefinition>(BillingServiceClient, targets.billing, {
    deadlineMs,
    idempotent: [
      "ListFeeItems",
      "ListBills",
      "ImportOpeningBalances",
      "GetImportTotals",
      ...batchCalls,
    ],
  });
  const payments = createClient<PaymentServiceDefinition>(PaymentServiceClient, targets.payments, {
    deadlineMs,
    idempotent: ["GetDepositLedger", "ImportDeposits", "GetImportTotals", ...batchCalls],
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
