import type { ProtoGrpcType } from "./generated/reporting.ts";
import { loadProto } from "./grpc-loader.ts";

const loaded = loadProto<ProtoGrpcType>("slms/reporting/v1/reporting.proto");

/** The raw `slms.reporting.v1` package definition (for server reflection). */
export const reportingPackageDefinition = loaded.definition;
/** The `ReportingService` client constructor; its `.service` is the service definition. */
export const ReportingServiceClient = loaded.grpc.slms.reporting.v1.ReportingService;

export type { Ageing__Output as Ageing } from "./generated/slms/reporting/v1/Ageing.ts";
export type { AuditEntry__Output as AuditEntry } from "./generated/slms/reporting/v1/AuditEntry.ts";
export type { DashboardFigures__Output as DashboardFigures } from "./generated/slms/reporting/v1/DashboardFigures.ts";
export type { JournalLine__Output as JournalLine } from "./generated/slms/reporting/v1/JournalLine.ts";
export type { LeaseExpiry__Output as LeaseExpiry } from "./generated/slms/reporting/v1/LeaseExpiry.ts";
export type { Occupancy__Output as Occupancy } from "./generated/slms/reporting/v1/Occupancy.ts";
export type { OccupancyDay__Output as OccupancyDay } from "./generated/slms/reporting/v1/OccupancyDay.ts";
export type { RebuildJob__Output as RebuildJob } from "./generated/slms/reporting/v1/RebuildJob.ts";
export type { RentRollLine__Output as RentRollLine } from "./generated/slms/reporting/v1/RentRollLine.ts";
export type { ReportingServiceDefinition } from "./generated/slms/reporting/v1/ReportingService.ts";
export type { SiteFreshness__Output as SiteFreshness } from "./generated/slms/reporting/v1/SiteFreshness.ts";
export type { SiteOccupancy__Output as SiteOccupancy } from "./generated/slms/reporting/v1/SiteOccupancy.ts";
