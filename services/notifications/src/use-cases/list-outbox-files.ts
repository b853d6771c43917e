import { stat } from "node:fs/promises";
import { join } from "node:path";
import { pageTokens } from "@slms/db";
import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { listingScope } from "../db/scope.ts";
import type { NotificationsDeps } from "../deps.ts";

const input = z.object({
  siteId: z.string().max(64).optional(),
  pageSize: z.number().int().min(0).max(500, "must be at most 500").optional(),
  pageToken: z.string().max(500).optional(),
});

const tokens = pageTokens({ t: "instant", id: "id" });

export interface OutboxFileView {
  name: string;
  notificationId: string;
  siteId: string;
  channel: string;
  recipient: string;
  subject: string;
  sizeBytes: number;
  writtenAt: Date;
}

/**
 * Embedded mode: the messages the file transport wrote into the outbox directory instead of
 * sending them, newest first, for the sites in the caller's scope. Empty when the deployment
 * sends for real.
 */
export async function listOutboxFiles(
  deps: Pick<NotificationsDeps, "db" | "outboxDirectory">,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<{ files: OutboxFileView[]; nextPageToken: string | null }> {
  const data = parseInput(input, request);
  const sites = await listingScope(deps.db, caller, data.siteId || undefined);
  const directory = deps.outboxDirectory;
  if (!directory) return { files: [], nextPageToken: null };
  const size = data.pageSize || 100;
  const after = tokens.decode(data.pageToken);
  const rows = await deps.db.notification.findMany({
    where: {
      orgId: caller.orgId,
      status: "sent",
      providerId: { startsWith: "file:" },
      ...(sites ? { siteId: { in: sites } } : {}),
      ...(after
        ? {
            OR: [
              { sentAt: { lt: new Date(after.t) } },
              { sentAt: new Date(after.t), id: { lt: after.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ sentAt: "desc" }, { id: "desc" }],
    take: size + 1,
  });
  const page = rows.slice(0, size);
  const files: OutboxFileView[] = [];
  for (const row of page) {
    const name = (row.providerId ?? "").slice("file:".length);
    // A name is ours (<id>.eml|json), never a path: nothing outside the directory is read.
    if (!/^[\w-]+\.(eml|json)$/.test(name)) continue;
    const info = await stat(join(directory, name)).catch(() => null);
    if (!info) continue;
    files.push({
      name,
      notificationId: row.id,
      siteId: row.siteId,
      channel: row.channel,
      recipient: row.recipient,
      subject: row.subject ?? "",
      sizeBytes: info.size,
      writtenAt: row.sentAt ?? row.updatedAt,
    });
  }
  const last = page.at(-1);
  return {
    files,
    nextPageToken:
      rows.length > size && last?.sentAt
        ? tokens.encode({ t: last.sentAt.toISOString(), id: last.id })
        : null,
  };
}
