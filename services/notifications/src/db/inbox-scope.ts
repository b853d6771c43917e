import { notFound } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import type { Prisma } from "../generated/prisma/client.ts";

/**
 * The caller's own inbox items (the caller's actor, in the caller's organisation) that the caller
 * may see now: of the site named (outside the caller's scope: NOT_FOUND), or of every site in the
 * caller's scope and the organisation-wide ones. A user who lost a site no longer sees its items.
 */
export function ownInbox(
  caller: Caller,
  siteId: string | undefined,
): Prisma.UserInboxItemWhereInput {
  const own = { userId: caller.actor, orgId: caller.orgId };
  if (siteId) {
    if (!canSeeSite(caller, siteId)) throw notFound("site");
    return { ...own, siteId };
  }
  if (caller.siteIds === "all") return own;
  return { ...own, OR: [{ siteId: null }, { siteId: { in: [...caller.siteIds] } }] };
}
