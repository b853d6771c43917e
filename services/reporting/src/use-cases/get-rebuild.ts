import { forbidden, notFound } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import type { ReportingDeps } from "../deps.ts";
import type { RebuildJob } from "../generated/prisma/client.ts";

/** A rebuild of the caller's organisation; organisation-wide callers only. */
export async function getRebuild(
  deps: ReportingDeps,
  caller: Caller,
  id: string,
): Promise<RebuildJob> {
  if (caller.siteIds !== "all") throw forbidden("only organisation-wide roles see rebuilds");
  const job = await deps.db.rebuildJob.findFirst({ where: { id, orgId: caller.orgId } });
  if (!job) throw notFound("rebuild");
  return job;
}
