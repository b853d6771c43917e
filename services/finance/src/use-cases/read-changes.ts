import type { FinanceChange } from "@slms/contracts/finance";
import { pageTokens } from "@slms/db";
import { invalid, parseInput } from "@slms/errors";
import { z } from "zod";
import { type FeedRow, readFeed } from "../db/feed.ts";
import type { FinanceDeps } from "../deps.ts";
import type { EdgeClient } from "../domain/edge-caller.ts";
import { siteInScope } from "./site-in-scope.ts";

export const DEFAULT_CHANGES_PAGE = 100;
export const MAX_CHANGES_PAGE = 1_000;

/** The cursor: the last position a client has been given (or passed), opaque to it. */
const cursors = pageTokens({ position: "int" });

const input = z.object({
  cursor: z.string(),
  page_size: z
    .number()
    .int()
    .refine((n) => n >= 0 && n <= MAX_CHANGES_PAGE, `must be 1–${MAX_CHANGES_PAGE}`)
    .transform((n) => n || DEFAULT_CHANGES_PAGE),
  site_id: z
    .string()
    .refine((v) => v === "" || /^[A-Za-z0-9_-]{1,64}$/.test(v), "is not a site id"),
});

export interface ReadChangesInput {
  cursor: string;
  pageSize: number;
  siteId: string;
}

const badCursor = () =>
  invalid("invalid cursor", [{ field: "cursor", message: "is not a cursor this API gave" }]);

/** The position a cursor stands for: 0 for "" (the first change); `invalid` naming `cursor`. */
function positionOf(cursor: string): number {
  const key = cursors.decode(cursor, "cursor");
  if (key === undefined) return 0;
  if (key.position < 0) throw badCursor();
  return key.position;
}

/**
 * The changes of the client's organisation after the cursor, by position: of the client's sites
 * (every site of the organisation for an all-sites client), or of the one site asked for (which
 * must be in the client's scope: NOT_FOUND otherwise, as for every site-scoped method).
 *
 * The next cursor is the last position returned when the page is full; otherwise the highest
 * position of the organisation's feed read in the same snapshot — the rows between that were of
 * other sites, and every position below it is committed (db/feed.ts), so nothing the client may
 * see can appear below it later and it need not scan them again. With nothing new it is the
 * request's cursor as given. The same cursor always gives the same changes (the feed is
 * append-only). A cursor that is not one this API gave, or beyond the feed, is `invalid`.
 */
export async function readChanges(
  deps: FinanceDeps,
  client: EdgeClient,
  request: ReadChangesInput,
): Promise<{ changes: FinanceChange[]; nextCursor: string }> {
  const value = parseInput(
    input,
    { cursor: request.cursor, page_size: request.pageSize, site_id: request.siteId },
    "request",
  );
  const after = positionOf(value.cursor);
  let siteIds: readonly string[] | null;
  if (value.site_id) {
    await siteInScope(deps, client, value.site_id);
    siteIds = [value.site_id];
  } else {
    siteIds = client.allSites ? null : client.siteIds;
  }
  const page = await readFeed(deps.db, {
    orgId: client.orgId,
    after,
    siteIds,
    limit: value.page_size,
  });
  if (after > page.top) throw badCursor();
  const last = page.rows.at(-1);
  const next = page.rows.length === value.page_size && last ? last.position : page.top;
  return {
    changes: page.rows.map(toChange),
    nextCursor: next === after ? value.cursor : cursors.encode({ position: next }),
  };
}

function toChange(row: FeedRow): FinanceChange {
  return {
    position: row.position,
    id: row.eventId,
    kind: row.kind,
    siteId: row.siteId,
    occurredAt: row.occurredAt.toISOString(),
    customerId: row.customerId,
    leaseId: row.leaseId ?? "",
    billId: row.billId ?? "",
    paymentId: row.paymentId ?? "",
    feeCode: row.feeCode ?? "",
    method: row.method ?? "",
    amount: { currencyCode: row.currency, amountMinor: row.amountMinor },
    dataJson: JSON.stringify(row.data),
    journalLines: row.journal.map((line) => ({
      accountCode: line.code,
      accountName: line.name,
      role: line.role,
      debit: { currencyCode: row.currency, amountMinor: line.debitMinor },
      credit: { currencyCode: row.currency, amountMinor: line.creditMinor },
    })),
  };
}
