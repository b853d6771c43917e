import { writeOutbox } from "@slms/db";
import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { siteView } from "../db/rows.ts";
import { findSiteInScope } from "../db/scope.ts";
import type { AssetsDeps } from "../deps.ts";
import { address, name, siteKind, timeZone } from "../domain/fields.ts";
import type { SiteView } from "../domain/views.ts";
import { siteUpdated } from "../events/site-events.ts";

// The currency is deliberately absent: amounts already recorded are in it.
const input = z.object({
  name: name.optional(),
  kind: siteKind.optional(),
  timeZone: timeZone.optional(),
  address: address.optional(),
});

/**
 * Changes the given fields of a site; absent fields stay as they are. A change is announced
 * (`assets.site.updated`, each field before → after) in the same transaction.
 */
export async function updateSite(
  deps: AssetsDeps,
  caller: Caller,
  siteId: string,
  request: z.input<typeof input>,
): Promise<SiteView> {
  const data = parseInput(input, request, "site");
  const site = await deps.db.$transaction(async (tx) => {
    // Locked, so the "before" of two concurrent edits is each the other's "after".
    await tx.$queryRawUnsafe("SELECT id FROM sites WHERE id = $1 FOR UPDATE", siteId);
    const before = siteView(await findSiteInScope(tx, caller, siteId));
    const after = siteView(await tx.site.update({ where: { id: siteId }, data }));
    const event = siteUpdated(caller, before, after);
    if (event) await writeOutbox(tx, [event]);
    return after;
  });
  deps.outboxWritten();
  return site;
}
