import { notFound } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";

/** Which sites a report covers: of the caller's organisation, `null` meaning all of them. */
export interface ReportScope {
  orgId: string;
  siteIds: string[] | null;
}

/**
 * One site if the request names one (NOT_FOUND outside the caller's scope, so other tenants'
 * ids cannot be probed), else every site the caller may see.
 */
export function reportScope(caller: Caller, siteId: string | undefined): ReportScope {
  if (siteId) {
    if (!canSeeSite(caller, siteId)) throw notFound("site");
    return { orgId: caller.orgId, siteIds: [siteId] };
  }
  return { orgId: caller.orgId, siteIds: caller.siteIds === "all" ? null : [...caller.siteIds] };
}
