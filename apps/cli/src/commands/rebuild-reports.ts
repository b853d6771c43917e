import { systemCaller } from "@slms/gateway/admin";
import type { Logger } from "@slms/logging";
import { withPlatform } from "../handles.ts";

export interface RebuildArgs {
  /** Organisation code. */
  org: string;
  /** Site code; absent: every site of the organisation. */
  site?: string | undefined;
}

/**
 * Rebuilds the reporting read models of one site (by code, as staff know it) or of every site of
 * an organisation from the owning services, waiting until done. A rebuild that stopped earlier is
 * resumed where it stopped.
 */
export async function rebuildReportsCommand(logger: Logger, args: RebuildArgs) {
  return withPlatform(logger, async (deps) => {
    const { organisation } = await deps.assets.GetOrganisation(
      { code: args.org },
      { caller: systemCaller },
    );
    const caller = { ...systemCaller, actor: "system:cli", orgId: organisation!.id };
    let siteId = "";
    if (args.site) {
      let pageToken = "";
      do {
        const page = await deps.assets.ListSites({ pageSize: 500, pageToken }, { caller });
        siteId = page.sites.find((s) => s.code === args.site)?.id ?? "";
        pageToken = siteId ? "" : page.nextPageToken;
      } while (pageToken);
      if (!siteId) throw new Error(`--site ${args.site}: no site of ${args.org} has that code`);
    }
    const { job } = await deps.reporting.StartRebuild(
      { siteId, wait: true },
      { caller, deadlineMs: 6 * 60 * 60_000 },
    );
    if (job?.status !== "completed")
      throw new Error(`rebuild ${job?.id} ${job?.status} at ${job?.phase}: ${job?.error}`);
    logger.info({ jobId: job.id, sites: job.siteIds.length, counts: job.counts }, "rebuilt");
    return job;
  });
}
