import type { ProtoGrpcType } from "./generated/billing.ts";
import { loadProto } from "./grpc-loader.ts";

const loaded = loadProto<ProtoGrpcType>("slms/billing/v1/billing.proto");

/** The raw `slms.billing.v1` package definition (for server reflection). */
export const billingPackageDefinition = loaded.definition;
/** The `BillingService` client constructor; its `.service` is the service definition. */
export const BillingServiceClient = loaded.grpc.slms.billing.v1.BillingService;

export type { Bill__Output as Bill } from "./generated/slms/billing/v1/Bill.ts";
export type { BillHistory__Output as BillHistory } from "./generated/slms/billing/v1/BillHistory.ts";
export type { BillingRun__Output as BillingRun } from "./generated/slms/billing/v1/BillingRun.ts";
export type { BillingServiceDefinition } from "./generated/slms/billing/v1/BillingService.ts";
export { BillStatus } from "./generated/slms/billing/v1/BillStatus.ts";
export type { FeeItem__Output as FeeItem } from "./generated/slms/billing/v1/FeeItem.ts";
export type { Waiver__Output as Waiver } from "./generated/slms/billing/v1/Waiver.ts";
export { WaiverStatus } from "./generated/slms/billing/v1/WaiverStatus.ts";
