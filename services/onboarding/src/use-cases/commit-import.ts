import { conflict, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { storedPlanRows } from "../commit/plan-rows.ts";
import { rowsOf } from "../commit/steps.ts";
import { initialSteps } from "../commit/worker.ts";
import type { OnboardingDeps } from "../deps.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { type ImportView, viewColumns } from "./get-import.ts";
import { jobOf } from "./site.ts";

const input = z.object({
  siteId: z.string().min(1).max(64),
  importId: z.string().min(1).max(64),
  wait: z.boolean().default(false),
});

/**
 * Commits a validated import, all or nothing (see CommitWorker), as the caller. An import that
 * is committing (or discarding a failed commit) is resumed — the caller need not be the one who
 * started it; a committed import answers as it is. An invalid or failed import cannot be
 * committed (validate the workbook again), nor one of a site whose other import is committing.
 */
export async function commitImport(
  deps: OnboardingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<ImportView> {
  const data = parseInput(input, request, "request");
  // Without the upload and the plan: this call may wait for the whole commit.
  const job = await jobOf(deps, caller, data.siteId, data.importId, {
    workbook: true,
    plan: true,
    made: true,
  });
  if (job.status === "validated") {
    const plan = await storedPlanRows(deps.db, job.id);
    try {
      await deps.db.importJob.updateMany({
        where: { id: job.id, status: "validated" },
        data: {
          status: "committing",
          committedBy: caller.actor,
          callerRoles: [...caller.roles],
          steps: initialSteps((step) => rowsOf(step, plan)) as unknown as Prisma.InputJsonValue,
          updatedAt: deps.clock(),
        },
      });
    } catch {
      // The site's other import is committing (one at a time per site): checked below.
    }
    const fresh = await deps.db.importJob.findUniqueOrThrow({ where: { id: job.id } });
    if (fresh.status === "validated")
      throw conflict("another import of the site is being committed", [
        { field: "importId", message: "waits for the site's other import to end" },
      ]);
  } else if (job.status === "invalid" || job.status === "failed") {
    throw conflict(`the import is ${job.status}`, [
      { field: "importId", message: `is ${job.status}: validate the workbook again` },
    ]);
  }
  const running = deps.commits.run(job.id);
  if (data.wait) await running;
  return deps.db.importJob.findUniqueOrThrow({ where: { id: job.id }, omit: viewColumns });
}
