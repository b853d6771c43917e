import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Import } from "@slms/contracts/onboarding";
import { type GatewayDeps, systemCaller } from "@slms/gateway/admin";
import type { Logger } from "@slms/logging";
import { withPlatform } from "../handles.ts";

export interface ImportArgs {
  /** Organisation code. */
  org: string;
  /** Site code. */
  site: string;
  file: string;
  dryRun: boolean;
  /** YYYY-MM-DD; absent: today at the site. */
  goLive?: string | undefined;
}

/**
 * Takes a site live from a filled workbook: the dry run (every error by sheet, row and column),
 * then — unless `dryRun` — the commit into every owning service, all or nothing, waited for.
 * Answers the import as it ended.
 */
export async function importWorkbookCommand(logger: Logger, args: ImportArgs): Promise<Import> {
  const workbook = await readFile(args.file);
  return withPlatform(logger, async (deps) => {
    const { siteId, caller } = await siteCaller(deps, args);
    const { import: validated } = await deps.onboarding.ValidateImport(
      { siteId, workbook, fileName: basename(args.file), goLiveDate: args.goLive ?? "" },
      { caller, deadlineMs: 600_000 },
    );
    if (args.dryRun || validated!.status !== "validated") return validated!;
    const { import: done } = await deps.onboarding.CommitImport(
      { siteId, importId: validated!.id, wait: true },
      { caller, deadlineMs: 6 * 3600_000 },
    );
    return done!;
  });
}

/**
 * Rolls a committed import of the site back as a whole (every owning service checks its part,
 * then removes it); a refusal names the part and the reason. Answers the import as it ended.
 */
export async function rollBackImportCommand(
  logger: Logger,
  args: { org: string; site: string; importId: string },
): Promise<Import> {
  return withPlatform(logger, async (deps) => {
    const { siteId, caller } = await siteCaller(deps, args);
    const { import: done } = await deps.onboarding.RollBackImport(
      { siteId, importId: args.importId },
      { caller, deadlineMs: 3600_000 },
    );
    return done!;
  });
}

/** The site of the organisation by their codes, and the CLI as a caller scoped to it. */
async function siteCaller(deps: GatewayDeps, args: { org: string; site: string }) {
  const { organisation } = await deps.assets.GetOrganisation(
    { code: args.org },
    { caller: systemCaller },
  );
  const orgCaller = { ...systemCaller, actor: "system:cli", orgId: organisation!.id };
  let siteId = "";
  for (let token = "", first = true; !siteId && (first || token); first = false) {
    const page = await deps.assets.ListSites(
      { pageSize: 500, pageToken: token },
      { caller: orgCaller },
    );
    siteId = page.sites.find((s) => s.code === args.site)?.id ?? "";
    token = page.nextPageToken;
  }
  if (!siteId) throw new Error(`--site ${args.site}: no site of ${args.org} has that code`);
  return { siteId, caller: { ...orgCaller, siteIds: [siteId] } };
}

/** The import as a few lines for a terminal. */
export function describeImport(job: Import): string {
  const c = job.counts!;
  const lines = [
    `Import ${job.id}: ${job.status} (go-live ${job.goLiveDate})`,
    `  rows: ${c.units} units, ${c.customers} customers, ${c.leases} leases, ${c.arrears} opening arrears, ${c.deposits} deposits, ${c.prepayments} prepayments`,
  ];
  if (job.errorCount > 0) {
    lines.push(`  ${job.errorCount} error(s)${job.errorCount > 20 ? ", the first 20" : ""}:`);
    for (const e of job.errors.slice(0, 20))
      lines.push(
        `    ${e.sheet} row ${e.row || "-"} ${e.column}: ${e.message?.zh} / ${e.message?.en}`,
      );
  }
  if (job.error) lines.push(`  ${job.error}`);
  if (job.status === "rolled_back")
    lines.push(
      `  rolled back at ${job.rolledBackAt} by ${job.rolledBackBy}: nothing of it remains`,
    );
  if (job.status === "committed")
    lines.push(
      job.differences.length === 0
        ? "  reconciled: the system holds exactly what the workbook says"
        : `  differences: ${job.differences.map((d) => `${d.figure} sheet ${d.sheet} system ${d.system}`).join("; ")}`,
    );
  return lines.join("\n");
}
