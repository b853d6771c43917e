import type { ProtoGrpcType } from "./generated/assets.ts";
import { loadProto } from "./grpc-loader.ts";

const loaded = loadProto<ProtoGrpcType>("slms/assets/v1/assets.proto");

/** The raw `slms.assets.v1` package definition (for server reflection). */
export const assetsPackageDefinition = loaded.definition;
/** The `AssetsService` client constructor; its `.service` is the service definition. */
export const AssetsServiceClient = loaded.grpc.slms.assets.v1.AssetsService;

export type { AssetsServiceDefinition } from "./generated/slms/assets/v1/AssetsService.ts";
export type { Building__Output as Building } from "./generated/slms/assets/v1/Building.ts";
export type { Organisation__Output as Organisation } from "./generated/slms/assets/v1/Organisation.ts";
export type { Site__Output as Site } from "./generated/slms/assets/v1/Site.ts";
export { SiteKind } from "./generated/slms/assets/v1/SiteKind.ts";
export type { Unit__Output as Unit } from "./generated/slms/assets/v1/Unit.ts";
export type { UnitHold__Output as UnitHold } from "./generated/slms/assets/v1/UnitHold.ts";
export { UnitKind } from "./generated/slms/assets/v1/UnitKind.ts";
export { UnitStatus } from "./generated/slms/assets/v1/UnitStatus.ts";
export type { UnitStatusChange__Output as UnitStatusChange } from "./generated/slms/assets/v1/UnitStatusChange.ts";
