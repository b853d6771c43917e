import type { Caller } from "@slms/grpc";
import type { ImportJob } from "../db/jobs.ts";
import type { OnboardingDeps } from "../deps.ts";
import { jobOf } from "./site.ts";

/** An import of a site in the caller's scope: its dry run, and its commit's progress. */
export async function getImport(
  deps: OnboardingDeps,
  caller: Caller,
  siteId: string,
  importId: string,
): Promise<ImportJob> {
  return jobOf(deps, caller, siteId, importId);
}
