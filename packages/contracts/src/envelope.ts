import { z } from "zod";

/**
 * The envelope every event travels in, on RabbitMQ and on the in-process bus alike.
 * Producers write it to their outbox in the same transaction as the state change;
 * consumers validate it before anything else and dedupe on `id`.
 */
export const eventEnvelopeSchema = z.object({
  /**
   * Unique event id: a time-ordered UUIDv7, or a UUIDv8 named by what the event describes (the
   * events an outbox batch row stands for, so they keep their ids when published again).
   * Consumers dedupe on it through their inbox.
   */
  id: z.uuid(),
  /** Event type, also the routing key: `<service>.<aggregate>.<past tense>`, e.g. `assets.unit.created`. */
  type: z.string().regex(/^[a-z]+\.[a-z_]+\.[a-z_]+$/),
  /** Schema version of `data` for this type; a breaking change adds a new version beside the old. */
  version: z.number().int().positive(),
  /** When the fact happened (ISO 8601, UTC). */
  occurredAt: z.iso.datetime({ offset: true }),
  /** Organisation the fact belongs to. */
  orgId: z.string().min(1),
  /** Site the fact belongs to; null for organisation-wide facts. */
  siteId: z.string().min(1).nullable(),
  /** Who caused it: a user id, an API client id, or `system:<job>`. */
  actor: z.string().min(1),
  /** W3C traceparent of the operation that produced the event, for trace continuity. */
  traceparent: z.string().nullable(),
  /** The event payload; its schema is given by (`type`, `version`). */
  data: z.record(z.string(), z.unknown()),
});

export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;
