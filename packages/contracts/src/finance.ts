import type { ProtoGrpcType as AccountingProto } from "./generated/accounting.ts";
import type { ProtoGrpcType as ApiClientsProto } from "./generated/api_clients.ts";
import type { ProtoGrpcType as FinanceProto } from "./generated/finance.ts";
import { loadProto } from "./grpc-loader.ts";

const finance = loadProto<FinanceProto>("slms/finance/v1/finance.proto");
const apiClients = loadProto<ApiClientsProto>("slms/finance/v1/api_clients.proto");
const accounting = loadProto<AccountingProto>("slms/finance/v1/accounting.proto");

/** The raw public `slms.finance.v1.FinanceService` definition (for the edge's reflection). */
export const financePackageDefinition = finance.definition;
/** The public `FinanceService` client constructor (ERP side, tests); `.service` is its definition. */
export const FinanceServiceClient = finance.grpc.slms.finance.v1.FinanceService;
/** The raw internal `ApiClientService` definition. */
export const apiClientsPackageDefinition = apiClients.definition;
/** The internal `ApiClientService` client constructor (the gateway); `.service` is its definition. */
export const ApiClientServiceClient = apiClients.grpc.slms.finance.v1.ApiClientService;
/** The raw internal `AccountingService` definition. */
export const accountingPackageDefinition = accounting.definition;
/** The internal `AccountingService` client constructor (the gateway); `.service` is its definition. */
export const AccountingServiceClient = accounting.grpc.slms.finance.v1.AccountingService;

export type { AccountMapping__Output as AccountMappingMessage } from "./generated/slms/finance/v1/AccountMapping.ts";
export type { AccountingServiceDefinition } from "./generated/slms/finance/v1/AccountingService.ts";
export type { ApiClient__Output as ApiClient } from "./generated/slms/finance/v1/ApiClient.ts";
export type { ApiClientServiceDefinition } from "./generated/slms/finance/v1/ApiClientService.ts";
export type { Change__Output as FinanceChange } from "./generated/slms/finance/v1/Change.ts";
export type { GetTrialBalanceResponse__Output as TrialBalance } from "./generated/slms/finance/v1/GetTrialBalanceResponse.ts";
export type { JournalLine__Output as JournalLineMessage } from "./generated/slms/finance/v1/JournalLine.ts";
export type { Customer__Output as FinanceCustomer } from "./generated/slms/finance/v1/Customer.ts";
export type { FinanceServiceDefinition } from "./generated/slms/finance/v1/FinanceService.ts";
export type { Lease__Output as FinanceLease } from "./generated/slms/finance/v1/Lease.ts";
export type { Site__Output as FinanceSite } from "./generated/slms/finance/v1/Site.ts";
export type { Unit__Output as FinanceUnit } from "./generated/slms/finance/v1/Unit.ts";
