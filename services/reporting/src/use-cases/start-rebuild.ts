import { forbidden, parseInput, unavailable } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import type { ReportingDeps } from "../deps.ts";
import type { RebuildJob } from "../generated/prisma/client.ts";
import { newRebuildJobId, rebuildCaller } from "../rebuild/worker.ts";
import type { Sources } from "../sources.ts";

const input = z.object({
  siteId: z
    .string()
    .max(100)
    .regex(/^[\w-]+$/, "must be a site id")
    .optional(),
  wait: z.boolean().default(false),
});

/**
 * Rebuilds the read models of one site, or of every site of the caller's organisation, from the
 * owning services (see RebuildWorker). Organisation-wide callers only. A rebuild of the same
 * scope that has not completed — failed, or stopped by a crash or shutdown — is resumed instead
 * of started again. Answers at once with the job, or with `wait` when it has completed or failed.
 */
export async function startRebuild(
  deps: ReportingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<RebuildJob> {
  const { siteId, wait } = parseInput(input, request, "request");
  if (caller.siteIds !== "all") throw forbidden("only organisation-wide roles rebuild reports");
  const sources = deps.sources?.();
  const worker = deps.rebuilds;
  if (!sources || !worker) throw unavailable("the owning services are not connected to reporting");
  const job =
    (await resume(deps, caller.orgId, siteId ?? null)) ??
    (await create(deps, sources, caller, siteId ?? null));
  const running = worker.run(job.id);
  if (wait) await running;
  return deps.db.rebuildJob.findUniqueOrThrow({ where: { id: job.id } });
}

/** The scope's unfinished job, running again (a failed one counts one more attempt). */
async function resume(deps: ReportingDeps, orgId: string, siteId: string | null) {
  const job = await deps.db.rebuildJob.findFirst({
    where: { orgId, siteId, status: { in: ["running", "failed"] } },
  });
  if (job?.status !== "failed") return job;
  return deps.db.rebuildJob.update({
    where: { id: job.id },
    data: { status: "running", error: null, attempts: { increment: 1 }, updatedAt: deps.clock() },
  });
}

async function create(
  deps: ReportingDeps,
  sources: Sources,
  caller: Caller,
  siteId: string | null,
) {
  const system = { caller: rebuildCaller(caller.orgId) };
  // A site of another organisation, or none, is NOT_FOUND (as assets answers).
  const siteIds = siteId
    ? [(await sources.assets.GetSite({ id: siteId }, system)).site?.id ?? siteId]
    : await everySite(sources, system);
  const now = deps.clock();
  try {
    return await deps.db.rebuildJob.create({
      data: {
        id: newRebuildJobId(),
        orgId: caller.orgId,
        siteId,
        requestedBy: caller.actor,
        status: "running",
        siteIds,
        startedAt: now,
        updatedAt: now,
      },
    });
  } catch (error) {
    // Started concurrently for the same scope: one job (rebuild_jobs_one_unfinished).
    const other = await resume(deps, caller.orgId, siteId);
    if (other) return other;
    throw error;
  }
}

async function everySite(sources: Sources, call: { caller: Caller }): Promise<string[]> {
  const ids: string[] = [];
  let pageToken = "";
  do {
    const page = await sources.assets.ListSites({ pageSize: 500, pageToken }, call);
    ids.push(...page.sites.map((s) => s.id));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return ids;
}
