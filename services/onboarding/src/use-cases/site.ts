import { notFound } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import type { OnboardingDeps } from "../deps.ts";
import type { Prisma } from "../generated/prisma/client.ts";

export interface SiteInfo {
  id: string;
  code: string;
  name: string;
  timeZone: string;
  currency: string;
}

/**
 * The site an import is for, as assets knows it to the caller: outside the caller's scope, or
 * not of their organisation, NOT_FOUND.
 */
export async function siteOf(
  deps: Pick<OnboardingDeps, "owners">,
  caller: Caller,
  siteId: string,
): Promise<SiteInfo> {
  if (!canSeeSite(caller, siteId)) throw notFound("site");
  const { site } = await deps.owners().assets.GetSite({ id: siteId }, { caller });
  if (!site) throw notFound("site");
  return {
    id: site.id,
    code: site.code,
    name: site.name,
    timeZone: site.timeZone,
    currency: site.currencyCode,
  };
}

/** An import of a site in the caller's scope, or NOT_FOUND. */
export async function jobOf<Omit extends Prisma.ImportJobOmit = Record<never, never>>(
  deps: Pick<OnboardingDeps, "db">,
  caller: Caller,
  siteId: string,
  importId: string,
  /** Columns not to read (the upload and the plan are megabytes each). */
  omit?: Omit,
) {
  if (!canSeeSite(caller, siteId)) throw notFound("import");
  const job = await deps.db.importJob.findFirst({
    where: { id: importId, siteId, orgId: caller.orgId },
    omit: omit as Omit,
  });
  if (!job) throw notFound("import");
  return job;
}
