import type { ProtoGrpcType } from "./generated/customers.ts";
import { loadProto } from "./grpc-loader.ts";

const loaded = loadProto<ProtoGrpcType>("slms/customers/v1/customers.proto");

/** The raw `slms.customers.v1` package definition (for server reflection). */
export const customersPackageDefinition = loaded.definition;
/** The `CustomersService` client constructor; its `.service` is the service definition. */
export const CustomersServiceClient = loaded.grpc.slms.customers.v1.CustomersService;

export type { Customer__Output as Customer } from "./generated/slms/customers/v1/Customer.ts";
export { CustomerKind } from "./generated/slms/customers/v1/CustomerKind.ts";
export type { CustomersServiceDefinition } from "./generated/slms/customers/v1/CustomersService.ts";
export type { EmergencyContact__Output as EmergencyContact } from "./generated/slms/customers/v1/EmergencyContact.ts";
export { IdDocumentType } from "./generated/slms/customers/v1/IdDocumentType.ts";
