import type { ProtoGrpcType } from "./generated/contracts.ts";
import { loadProto } from "./grpc-loader.ts";

const loaded = loadProto<ProtoGrpcType>("slms/contracts/v1/contracts.proto");

/** The raw `slms.contracts.v1` package definition (for server reflection). */
export const leasesPackageDefinition = loaded.definition;
/** The `LeaseService` client constructor; its `.service` is the service definition. */
export const LeaseServiceClient = loaded.grpc.slms.contracts.v1.LeaseService;

export { FeeBasis } from "./generated/slms/contracts/v1/FeeBasis.ts";
export { Frequency } from "./generated/slms/contracts/v1/Frequency.ts";
export type { Lease__Output as Lease } from "./generated/slms/contracts/v1/Lease.ts";
export type { LeaseServiceDefinition } from "./generated/slms/contracts/v1/LeaseService.ts";
export { LeaseStatus } from "./generated/slms/contracts/v1/LeaseStatus.ts";
export type {
  LeaseTerms as LeaseTermsIn,
  LeaseTerms__Output as LeaseTerms,
} from "./generated/slms/contracts/v1/LeaseTerms.ts";
export { PeriodAlignment } from "./generated/slms/contracts/v1/PeriodAlignment.ts";
export type { ScheduledCharge__Output as ScheduledCharge } from "./generated/slms/contracts/v1/ScheduledCharge.ts";
export type { TerminationSettlement__Output as TerminationSettlement } from "./generated/slms/contracts/v1/TerminationSettlement.ts";
export type { TermsVersion__Output as TermsVersion } from "./generated/slms/contracts/v1/TermsVersion.ts";
