import { notFound } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import type { ReportingDeps } from "../deps.ts";

/** Which sites a report covers: of the caller's organisation, `null` meaning all of them. */
export interface ReportScope {
  orgId: string;
  siteIds: string[] | null;
}

/**
 * One site if the request names one, else every site the caller may see. A named site outside
 * the caller's scope, or not known to reporting as a site of the caller's organisation (no site
 * event and no event of the site at all), is NOT_FOUND: other tenants' ids cannot be probed, and
 * an unknown id is not answered with an empty report.
 */
export async function reportScope(
  db: ReportingDeps["db"],
  caller: Caller,
  siteId: string | undefined,
): Promise<ReportScope> {
  if (!siteId) {
    return { orgId: caller.orgId, siteIds: caller.siteIds === "all" ? null : [...caller.siteIds] };
  }
  if (!canSeeSite(caller, siteId)) throw notFound("site");
  const [known] = await db.$queryRawUnsafe<{ known: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM site_facts WHERE site_id = $1 AND org_id = $2)
         OR EXISTS (SELECT 1 FROM site_activity WHERE site_id = $1 AND org_id = $2) AS known`,
    siteId,
    caller.orgId,
  );
  if (!known?.known) throw notFound("site");
  return { orgId: caller.orgId, siteIds: [siteId] };
}
