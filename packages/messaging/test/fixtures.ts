import { randomUUID } from "node:crypto";
import type { EventEnvelope } from "@slms/contracts";

/** A valid `assets.unit.status_changed` event for tests; `overrides` replace envelope fields. */
export function statusChanged(overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    id: randomUUID(),
    type: "assets.unit.status_changed",
    version: 1,
    occurredAt: new Date().toISOString(),
    orgId: "org_test",
    siteId: "sit_test",
    actor: "usr_test",
    traceparent: null,
    data: {
      unitId: "unt_1",
      siteId: "sit_test",
      kind: "shop",
      from: "vacant",
      to: "reserved",
      reason: "test",
      changedAt: new Date().toISOString(),
    },
    ...overrides,
  };
}
