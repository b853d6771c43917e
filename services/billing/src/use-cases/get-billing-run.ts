import { notFound, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { type RunView, runView } from "../db/runs.ts";
import type { BillingDeps } from "../deps.ts";
import { id } from "../domain/fields.ts";
import { requireSiteInScope } from "../site-scope.ts";

const input = z.object({ siteId: id.optional(), runId: id });

/**
 * A run and its progress (done of total, issued, amount). The run must be of the request's site
 * (compared with the site stored on the run, not with the caller's sites); a run over every site
 * in scope (started without a site) is read without one, by organisation-wide callers only.
 * Anything else is NOT_FOUND.
 */
export async function getBillingRun(
  deps: BillingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<RunView> {
  const { siteId, runId } = parseInput(input, request, "request");
  if (siteId) requireSiteInScope(caller, siteId, "billing run");
  else if (caller.siteIds !== "all") throw notFound("billing run");
  const row = await deps.db.billingRun.findFirst({ where: { id: runId, orgId: caller.orgId } });
  if (!row || (row.siteId ?? undefined) !== siteId) throw notFound("billing run");
  return runView(row);
}
