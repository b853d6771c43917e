import { invalid, notFound, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { ownInbox } from "../db/inbox-scope.ts";
import type { NotificationsDeps } from "../deps.ts";

const id = z
  .string()
  .max(64)
  .regex(/^[\w-]*$/, "must be letters, digits, _ or -");
const input = z.object({
  ids: z.array(id.min(1, "must not be empty")).max(500, "must be at most 500 ids").default([]),
  all: z.boolean().default(false),
  siteId: id.optional(),
});

/**
 * Marks items of the caller's own inbox read: the ids given, or every unread one (of the site,
 * if given). All or nothing: an id that is not one of the caller's items they may see — another
 * user's, unknown, or of a site outside the caller's scope — is NOT_FOUND and nothing is marked.
 * An item read already keeps the time it was first read. Answers how many were newly marked.
 */
export async function markInboxRead(
  deps: Pick<NotificationsDeps, "db" | "clock">,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<number> {
  const data = parseInput(input, request);
  if (data.all === data.ids.length > 0) {
    throw invalid("invalid request", [
      data.all
        ? { field: "all", message: "cannot be given with ids" }
        : { field: "ids", message: "give the items to mark, or all" },
    ]);
  }
  const scope = ownInbox(caller, data.siteId);
  const now = deps.clock();
  if (data.all) {
    const { count } = await deps.db.userInboxItem.updateMany({
      where: { AND: [scope, { readAt: null }] },
      data: { readAt: now },
    });
    return count;
  }
  const ids = [...new Set(data.ids)];
  return deps.db.$transaction(async (tx) => {
    const mine = await tx.userInboxItem.findMany({
      where: { AND: [scope, { id: { in: ids } }] },
      select: { id: true },
    });
    if (mine.length !== ids.length) throw notFound("inbox item");
    const { count } = await tx.userInboxItem.updateMany({
      where: { id: { in: ids }, readAt: null },
      data: { readAt: now },
    });
    return count;
  });
}
