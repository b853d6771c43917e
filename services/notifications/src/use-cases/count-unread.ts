import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { ownInbox } from "../db/inbox-scope.ts";
import type { NotificationsDeps } from "../deps.ts";

const input = z.object({
  siteId: z
    .string()
    .max(64)
    .regex(/^[\w-]*$/, "must be letters, digits, _ or -")
    .optional(),
});

/** How many items of the caller's own inbox (of a site, or all the caller may see) are unread. */
export async function countUnread(
  deps: Pick<NotificationsDeps, "db">,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<number> {
  const data = parseInput(input, request);
  return deps.db.userInboxItem.count({
    where: { AND: [ownInbox(caller, data.siteId), { readAt: null }] },
  });
}
