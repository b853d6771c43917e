import { newId, writeOutbox } from "@slms/db";
import { conflict, forbidden, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { siteView } from "../db/rows.ts";
import { isUniqueViolation } from "../db/unique.ts";
import type { AssetsDeps } from "../deps.ts";
import { address, code, currency, name, siteKind, timeZone } from "../domain/fields.ts";
import type { SiteView } from "../domain/views.ts";
import { siteCreated } from "../events/site-events.ts";

const input = z.object({
  code,
  name,
  kind: siteKind,
  timeZone,
  currency,
  address: address.default(""),
});

/**
 * Creates a site in the caller's organisation and announces it (`assets.site.created`) in the same
 * transaction. Needs organisation-wide scope (HQ).
 */
export async function createSite(
  deps: AssetsDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<SiteView> {
  if (caller.siteIds !== "all") throw forbidden("only organisation-wide roles can create sites");
  const data = parseInput(input, request, "site");
  try {
    const site = await deps.db.$transaction(async (tx) => {
      const row = await tx.site.create({
        data: { id: newId("sit"), orgId: caller.orgId, ...data },
      });
      const view = siteView(row);
      await writeOutbox(tx, [siteCreated(caller, view)]);
      return view;
    });
    deps.outboxWritten();
    return site;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict(`site code ${data.code} already exists in this organisation`, [
        { field: "code", message: "is taken" },
      ]);
    }
    throw error;
  }
}
