import { type EventEnvelope, EventTypes, type SiteCreatedV1 } from "@slms/contracts";
import { newEvent } from "@slms/db";
import type { Caller } from "@slms/grpc";
import type { SiteView } from "../domain/views.ts";

const snapshot = (site: SiteView): SiteCreatedV1 => ({
  siteId: site.id,
  code: site.code,
  name: site.name,
  kind: site.kind,
  timeZone: site.timeZone,
  currency: site.currency,
  address: site.address,
});

export function siteCreated(caller: Caller, site: SiteView): EventEnvelope {
  return newEvent(
    EventTypes.SiteCreated,
    { orgId: site.orgId, siteId: site.id, actor: caller.actor },
    snapshot(site),
  );
}

/** The site after the change, with each changed field's before → after; null when none changed. */
export function siteUpdated(
  caller: Caller,
  before: SiteView,
  after: SiteView,
): EventEnvelope | null {
  const fields = ["name", "kind", "timeZone", "address"] as const;
  const changes = fields
    .filter((field) => before[field] !== after[field])
    .map((field) => ({ field, from: before[field], to: after[field] }));
  if (changes.length === 0) return null;
  return newEvent(
    EventTypes.SiteUpdated,
    { orgId: after.orgId, siteId: after.id, actor: caller.actor },
    { ...snapshot(after), changes },
  );
}
