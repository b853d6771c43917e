import type { ProtoGrpcType } from "./generated/assets.ts";
import { loadProto } from "./grpc-loader.ts";

/** The `slms.assets.v1` package: service constructors and definitions. */
export const assetsProto = loadProto<ProtoGrpcType>("slms/assets/v1/assets.proto").slms.assets.v1;

export type { AssetsServiceClient, AssetsServiceHandlers } from "./generated/slms/assets/v1/AssetsService.ts";
export type { Building__Output as Building } from "./generated/slms/assets/v1/Building.ts";
export type { Organisation__Output as Organisation } from "./generated/slms/assets/v1/Organisation.ts";
export type { Site__Output as Site } from "./generated/slms/assets/v1/Site.ts";
export { SiteKind } from "./generated/slms/assets/v1/SiteKind.ts";
export type { Unit__Output as Unit } from "./generated/slms/assets/v1/Unit.ts";
export { UnitKind } from "./generated/slms/assets/v1/UnitKind.ts";
export { UnitStatus } from "./generated/slms/assets/v1/UnitStatus.ts";
export type { UnitStatusChange__Output as UnitStatusChange } from "./generated/slms/assets/v1/UnitStatusChange.ts";
