import { notFound } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import type { Db } from "../deps.ts";

/**
 * A site the caller names: in the caller's scope and known to notifications as a site of the
 * caller's organisation (a site event, or a bill of it), else NOT_FOUND — other tenants' ids
 * cannot be probed.
 */
export async function siteInScope(db: Db, caller: Caller, siteId: string): Promise<string> {
  if (!canSeeSite(caller, siteId)) throw notFound("site");
  const [known] = await db.$queryRawUnsafe<{ known: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM site_facts WHERE site_id = $1 AND org_id = $2)
         OR EXISTS (SELECT 1 FROM bill_facts WHERE site_id = $1 AND org_id = $2) AS known`,
    siteId,
    caller.orgId,
  );
  if (!known?.known) throw notFound("site");
  return siteId;
}

/** The sites a listing covers: the one named, or every site of the caller (null: all of the org). */
export async function listingScope(
  db: Db,
  caller: Caller,
  siteId: string | undefined,
): Promise<string[] | null> {
  if (siteId) return [await siteInScope(db, caller, siteId)];
  return caller.siteIds === "all" ? null : [...caller.siteIds];
}
