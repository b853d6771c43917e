import type { ProtoGrpcType } from "./generated/payments.ts";
import { loadProto } from "./grpc-loader.ts";

const loaded = loadProto<ProtoGrpcType>("slms/payments/v1/payments.proto");

/** The raw `slms.payments.v1` package definition (for server reflection). */
export const paymentsPackageDefinition = loaded.definition;
/** The `PaymentService` client constructor; its `.service` is the service definition. */
export const PaymentServiceClient = loaded.grpc.slms.payments.v1.PaymentService;

export type { DepositEntry__Output as DepositEntry } from "./generated/slms/payments/v1/DepositEntry.ts";
export { DepositEntryType } from "./generated/slms/payments/v1/DepositEntryType.ts";
export type { Payment__Output as Payment } from "./generated/slms/payments/v1/Payment.ts";
export { PaymentMethod } from "./generated/slms/payments/v1/PaymentMethod.ts";
export type { PaymentServiceDefinition } from "./generated/slms/payments/v1/PaymentService.ts";
export type { Refund__Output as Refund } from "./generated/slms/payments/v1/Refund.ts";
