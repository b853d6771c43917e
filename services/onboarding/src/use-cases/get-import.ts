import { notFound } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import type { ImportJob } from "../db/jobs.ts";
import type { OnboardingDeps } from "../deps.ts";

/** What an import shows: everything but its upload, plan and the ids it made (megabytes). */
export type ImportView = Omit<ImportJob, "workbook" | "plan" | "made">;
export const viewColumns = { workbook: true, plan: true, made: true } as const;

/** An import of a site in the caller's scope: its dry run, and its commit's progress. */
export async function getImport(
  deps: OnboardingDeps,
  caller: Caller,
  siteId: string,
  importId: string,
): Promise<ImportView> {
  if (!canSeeSite(caller, siteId)) throw notFound("import");
  const job = await deps.db.importJob.findFirst({
    where: { id: importId, siteId, orgId: caller.orgId },
    omit: viewColumns,
  });
  if (!job) throw notFound("import");
  return job;
}
