export * from "./assets-vocabulary.ts";
export { type EventEnvelope, eventEnvelopeSchema } from "./envelope.ts";
export * from "./events/assets.ts";
export * from "./events/customers.ts";
export * from "./events/leases.ts";
export * from "./events/money.ts";
export { type EventType, EventTypes } from "./events/names.ts";
export * from "./events/onboarding.ts";
export { type EventIssue, validateEvent } from "./events/registry.ts";
export * from "./events/users.ts";
export { type LoadedProto, loadProto, protoLoaderOptions, protosDir } from "./grpc-loader.ts";
export {
  feeCodeMessage,
  feeCodePattern,
  isInRange,
  leaseLimits,
  leaseTextLimits,
  rangeMessage,
  type WholeRange,
} from "./lease-limits.ts";
export { termsFromProto, termsToProto, type WireTerms } from "./lease-terms.ts";
export { fromProtoEnum, toProtoEnum } from "./proto-enum.ts";
