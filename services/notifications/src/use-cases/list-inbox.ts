import { pageTokens } from "@slms/db";
import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { ownInbox } from "../db/inbox-scope.ts";
import type { NotificationsDeps } from "../deps.ts";

const id = z
  .string()
  .max(64)
  .regex(/^[\w-]*$/, "must be letters, digits, _ or -");
const input = z.object({
  siteId: id.optional(),
  unreadOnly: z.boolean().optional(),
  pageSize: z.number().int().min(0).max(200, "must be at most 200").optional(),
  pageToken: z.string().max(500).optional(),
});

const tokens = pageTokens({ t: "instant", id: "id" });

export interface InboxItemView {
  id: string;
  siteId: string | null;
  kind: string;
  subjectType: string;
  subjectId: string;
  step: string;
  title: string;
  body: string;
  variables: Record<string, string>;
  createdAt: Date;
  readAt: Date | null;
}

/**
 * The caller's own in-app inbox, newest first, a page at a time (default 50): of one site or of
 * every site the caller may see (see ownInbox), unread items only if asked.
 */
export async function listInbox(
  deps: Pick<NotificationsDeps, "db">,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<{ items: InboxItemView[]; nextPageToken: string | null }> {
  const data = parseInput(input, request);
  const size = data.pageSize || 50;
  const after = tokens.decode(data.pageToken);
  const rows = await deps.db.userInboxItem.findMany({
    where: {
      AND: [
        ownInbox(caller, data.siteId),
        data.unreadOnly ? { readAt: null } : {},
        after
          ? {
              OR: [
                { createdAt: { lt: new Date(after.t) } },
                { createdAt: new Date(after.t), id: { lt: after.id } },
              ],
            }
          : {},
      ],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: size + 1,
  });
  const page = rows.slice(0, size);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      siteId: row.siteId,
      kind: row.kind,
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      step: row.step,
      title: row.title,
      body: row.body,
      variables: row.variables as Record<string, string>,
      createdAt: row.createdAt,
      readAt: row.readAt,
    })),
    nextPageToken:
      rows.length > size && last
        ? tokens.encode({ t: last.createdAt.toISOString(), id: last.id })
        : null,
  };
}
