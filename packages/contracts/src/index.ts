export { type EventEnvelope, eventEnvelopeSchema } from "./envelope.ts";
