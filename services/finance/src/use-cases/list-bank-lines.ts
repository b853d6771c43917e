import type { StoredBankLine } from "@slms/contracts/finance";
import { pageTokens } from "@slms/db";
import { notFound, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { bankLineStatuses, storedBankLine } from "../db/bank-lines.ts";
import type { FinanceDeps } from "../deps.ts";
import { callerMaySee } from "./bank-line-in-scope.ts";

const tokens = pageTokens({ at: "instant", id: "id" });

const input = z.object({
  siteId: z.string(),
  status: z.union([z.literal(""), z.enum(bankLineStatuses)]),
  pageSize: z
    .number()
    .int()
    .min(0)
    .max(500, "at most 500")
    .transform((n) => n || 100),
  pageToken: z.string(),
});

export interface ListBankLinesInput {
  siteId: string;
  /** "" for every status. */
  status: string;
  pageSize: number;
  pageToken: string;
}

/** A site's bank lines, newest first, of one status when given (the cashiers' queue). */
export async function listBankLines(
  deps: FinanceDeps,
  caller: Caller,
  request: ListBankLinesInput,
): Promise<{ lines: StoredBankLine[]; nextPageToken: string }> {
  const value = parseInput(input, request, "request");
  if (!callerMaySee(caller, value.siteId)) throw notFound("site");
  const after = tokens.decode(value.pageToken);
  const rows = await deps.db.bankLine.findMany({
    where: {
      orgId: caller.orgId,
      siteId: value.siteId,
      ...(value.status ? { status: value.status } : {}),
      ...(after
        ? {
            OR: [
              { postedAt: { lt: new Date(after.at) } },
              { postedAt: new Date(after.at), id: { lt: after.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ postedAt: "desc" }, { id: "desc" }],
    take: value.pageSize + 1,
  });
  const page = rows.slice(0, value.pageSize);
  const last = page.at(-1);
  return {
    lines: page.map(storedBankLine),
    nextPageToken:
      rows.length > value.pageSize && last
        ? tokens.encode({ at: last.postedAt.toISOString(), id: last.id })
        : "",
  };
}
