import type { ProtoGrpcType as AccountingProto } from "./generated/accounting.ts";
import type { ProtoGrpcType as ApiClientsProto } from "./generated/api_clients.ts";
import type { ProtoGrpcType as BankLinesProto } from "./generated/bank_lines.ts";
import type { ProtoGrpcType as FinanceProto } from "./generated/finance.ts";
import { loadProto } from "./grpc-loader.ts";

const finance = loadProto<FinanceProto>("slms/finance/v1/finance.proto");
const apiClients = loadProto<ApiClientsProto>("slms/finance/v1/api_clients.proto");
const accounting = loadProto<AccountingProto>("slms/finance/v1/accounting.proto");
const bankLines = loadProto<BankLinesProto>("slms/finance/v1/bank_lines.proto");

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
/** The raw internal `BankLineService` definition. */
export const bankLinesPackageDefinition = bankLines.definition;
/** The internal `BankLineService` client constructor (the gateway); `.service` is its definition. */
export const BankLineServiceClient = bankLines.grpc.slms.finance.v1.BankLineService;

export type { AccountingServiceDefinition } from "./generated/slms/finance/v1/AccountingService.ts";
export type { AccountMapping__Output as AccountMappingMessage } from "./generated/slms/finance/v1/AccountMapping.ts";
export type { ApiClient__Output as ApiClient } from "./generated/slms/finance/v1/ApiClient.ts";
export type { ApiClientServiceDefinition } from "./generated/slms/finance/v1/ApiClientService.ts";
export type { BankLineResult__Output as BankLineResult } from "./generated/slms/finance/v1/BankLineResult.ts";
export type { BankLineServiceDefinition } from "./generated/slms/finance/v1/BankLineService.ts";
export type { Change__Output as FinanceChange } from "./generated/slms/finance/v1/Change.ts";
export type { Customer__Output as FinanceCustomer } from "./generated/slms/finance/v1/Customer.ts";
export type { FinanceServiceDefinition } from "./generated/slms/finance/v1/FinanceService.ts";
export type { GetTrialBalanceResponse__Output as TrialBalance } from "./generated/slms/finance/v1/GetTrialBalanceResponse.ts";
export type { JournalLine__Output as JournalLineMessage } from "./generated/slms/finance/v1/JournalLine.ts";
export type { Lease__Output as FinanceLease } from "./generated/slms/finance/v1/Lease.ts";
export type { Site__Output as FinanceSite } from "./generated/slms/finance/v1/Site.ts";
export type { StoredBankLine__Output as StoredBankLine } from "./generated/slms/finance/v1/StoredBankLine.ts";
export type { Unit__Output as FinanceUnit } from "./generated/slms/finance/v1/Unit.ts";
