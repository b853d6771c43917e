import { pageTokens } from "@slms/db";
import { notFound, parseInput } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import { z } from "zod";
import type { OnboardingDeps } from "../deps.ts";
import { type ImportView, viewColumns } from "./get-import.ts";

const input = z.object({
  siteId: z.string().min(1).max(64),
  pageSize: z.number().int().min(0).max(100, "must be at most 100").default(0),
  pageToken: z.string().max(500).optional(),
});

const tokens = pageTokens({ t: "instant", id: "id" });

/** A site's imports, newest first, a page at a time (without workbooks). */
export async function listImports(
  deps: OnboardingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<{
  imports: ImportView[];
  nextPageToken: string | null;
}> {
  const data = parseInput(input, request, "request");
  if (!canSeeSite(caller, data.siteId)) throw notFound("site");
  const after = tokens.decode(data.pageToken);
  const size = data.pageSize || 20;
  const rows = await deps.db.importJob.findMany({
    where: {
      orgId: caller.orgId,
      siteId: data.siteId,
      ...(after
        ? {
            OR: [
              { createdAt: { lt: new Date(after.t) } },
              { createdAt: new Date(after.t), id: { lt: after.id } },
            ],
          }
        : {}),
    },
    omit: viewColumns,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: size + 1,
  });
  const last = rows[size - 1];
  return {
    imports: rows.slice(0, size),
    nextPageToken:
      rows.length > size && last
        ? tokens.encode({ t: last.createdAt.toISOString(), id: last.id })
        : null,
  };
}
