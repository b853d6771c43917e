import type { EventEnvelope } from "@slms/contracts";
import { uuidv7 } from "@slms/db";
import { currentTraceparent } from "@slms/telemetry";

/** An event of this service, attributed to the actor who caused it. */
export function envelope(
  type: string,
  scope: { orgId: string; siteId: string; actor: string },
  data: Record<string, unknown>,
): EventEnvelope {
  return {
    id: uuidv7(),
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    orgId: scope.orgId,
    siteId: scope.siteId,
    actor: scope.actor,
    traceparent: currentTraceparent(),
    data,
  };
}
