import type { ProtoGrpcType } from "./generated/onboarding.ts";
import { loadProto } from "./grpc-loader.ts";

const loaded = loadProto<ProtoGrpcType>("slms/onboarding/v1/onboarding.proto");

/** The raw `slms.onboarding.v1` package definition (for server reflection). */
export const onboardingPackageDefinition = loaded.definition;
/** The `OnboardingService` client constructor; its `.service` is the service definition. */
export const OnboardingServiceClient = loaded.grpc.slms.onboarding.v1.OnboardingService;

export type { FirstBill__Output as FirstBill } from "./generated/slms/onboarding/v1/FirstBill.ts";
export type { Import__Output as Import } from "./generated/slms/onboarding/v1/Import.ts";
export type { ImportError__Output as ImportError } from "./generated/slms/onboarding/v1/ImportError.ts";
export type { ImportStep__Output as ImportStep } from "./generated/slms/onboarding/v1/ImportStep.ts";
export type { ImportTotals__Output as ImportTotals } from "./generated/slms/onboarding/v1/ImportTotals.ts";
export type { OnboardingServiceDefinition } from "./generated/slms/onboarding/v1/OnboardingService.ts";
export type { SheetCounts__Output as SheetCounts } from "./generated/slms/onboarding/v1/SheetCounts.ts";
