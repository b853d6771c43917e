import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { siteView } from "../db/rows.ts";
import { findSiteInScope } from "../db/scope.ts";
import type { AssetsDeps } from "../deps.ts";
import { address, name, siteKind, timeZone } from "../domain/fields.ts";
import type { SiteView } from "../domain/views.ts";

// The currency is deliberately absent: amounts already recorded are in it.
const input = z.object({
  name: name.optional(),
  kind: siteKind.optional(),
  timeZone: timeZone.optional(),
  address: address.optional(),
});

/** Changes the given fields of a site; absent fields stay as they are. */
export async function updateSite(
  deps: AssetsDeps,
  caller: Caller,
  siteId: string,
  request: z.input<typeof input>,
): Promise<SiteView> {
  const data = parseInput(input, request, "site");
  await findSiteInScope(deps.db, caller, siteId);
  const row = await deps.db.site.update({ where: { id: siteId }, data });
  return siteView(row);
}
