import { conflict, notFound, parseInput } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import { z } from "zod";
import { checkRollback, finishRollback } from "../commit/rollback.ts";
import type { OnboardingDeps } from "../deps.ts";
import { type ImportView, viewColumns } from "./get-import.ts";

const input = z.object({
  siteId: z.string().min(1).max(64),
  importId: z.string().min(1).max(64),
});

/**
 * Rolls a committed import back as a whole, as the caller: every owning service checks its part
 * first (nothing happened to the import's objects since — no payment, no billing run, no edit),
 * then removes it and announces the removal (commit/rollback.ts). Refused with a conflict naming
 * the part and the reason, nothing removed, when any part cannot go back; refused for an import
 * not committed, and while another import of the site is being committed or rolled back. An
 * import left `rolling_back` (a service was unreachable) is finished; one rolled back answers
 * as it is.
 */
export async function rollBackImport(
  deps: OnboardingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<ImportView> {
  const data = parseInput(input, request, "request");
  if (!canSeeSite(caller, data.siteId)) throw notFound("import");
  const job = await deps.db.importJob.findFirst({
    where: { id: data.importId, siteId: data.siteId, orgId: caller.orgId },
    omit: { workbook: true, plan: true },
  });
  if (!job) throw notFound("import");
  if (job.status === "rolled_back") return view(deps, job.id);
  if (job.status !== "committed" && job.status !== "rolling_back")
    throw conflict(`the import is ${job.status}`, [
      {
        field: "importId",
        message: `is ${job.status}: only a committed import can be rolled back`,
      },
    ]);
  let start = job;
  if (job.status === "committed") {
    await checkRollback(deps.owners(), caller, job);
    const claimed = await deps.db.importJob
      .updateMany({
        where: { id: job.id, status: "committed" },
        data: { status: "rolling_back", error: null, updatedAt: deps.clock() },
      })
      .catch(() => null);
    if (!claimed)
      throw conflict("another import of the site is being committed or rolled back", [
        { field: "importId", message: "waits for the site's other import to end" },
      ]);
    start = await deps.db.importJob.findUniqueOrThrow({
      where: { id: job.id },
      omit: { workbook: true, plan: true },
    });
    if (start.status !== "rolling_back") return rollBackImport(deps, caller, request);
  }
  await finishRollback(deps, caller, start);
  return view(deps, job.id);
}

const view = (deps: OnboardingDeps, id: string): Promise<ImportView> =>
  deps.db.importJob.findUniqueOrThrow({ where: { id }, omit: viewColumns });
