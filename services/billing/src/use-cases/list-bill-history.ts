import { pageTokens } from "@slms/db";
import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { type BillView, billView, siteToday } from "../db/bills.ts";
import type { BillingDeps } from "../deps.ts";
import { id } from "../domain/fields.ts";
import { requireSiteInScope } from "../site-scope.ts";

const input = z.object({
  siteId: id,
  pageSize: z.number().int().default(0),
  pageToken: z.string().optional(),
});

export type ListBillHistoryRequest = z.input<typeof input>;

/** What one change did to a bill's money; `at` null for the issue (its issue date). */
export interface BillMovement {
  at: Date | null;
  amountDeltaMinor: number;
  allocatedDeltaMinor: number;
  waivedDeltaMinor: number;
}

export interface BillHistory {
  bill: BillView;
  version: number;
  movements: BillMovement[];
}

/** Where a page ended: the last bill's creation time and id. */
const tokens = pageTokens({ c: "instant", i: "id" });

/**
 * A site's bills, oldest created first, each with its version and a history whose movements sum
 * to its amount, allocated and waived — what another service's read models are rebuilt from.
 * Allocations and their reversals are exact (when the money was received, when it was taken
 * back); the ledger keeps no history of resizes, so the issue carries the amount as it stands; the
 * waived total is spread over the approved waivers in the order they were decided, each up to
 * its amount (what a waiver capped at the balance applied is not kept either).
 */
export async function listBillHistory(
  deps: BillingDeps,
  caller: Caller,
  request: ListBillHistoryRequest,
): Promise<{ items: BillHistory[]; nextPageToken: string | null }> {
  const data = parseInput(input, request, "request");
  const { siteId } = data;
  requireSiteInScope(caller, siteId);
  const after = tokens.decode(data.pageToken);
  const size = Math.min(Math.max(data.pageSize || 100, 1), 500);
  const rows = await deps.db.bill.findMany({
    where: {
      orgId: caller.orgId,
      siteId,
      ...(after
        ? {
            OR: [
              { createdAt: { gt: new Date(after.c) } },
              { createdAt: new Date(after.c), id: { gt: after.i } },
            ],
          }
        : {}),
    },
    include: {
      allocations: { orderBy: [{ receivedAt: "asc" }, { id: "asc" }] },
      waivers: {
        where: { status: "approved" },
        orderBy: [{ decidedAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: size + 1,
  });
  const today = await siteToday(deps.db, siteId, deps.clock());
  const last = rows[size - 1];
  return {
    items: rows.slice(0, size).map((row) => ({
      bill: billView(row, today),
      version: row.version,
      movements: movementsOf(row),
    })),
    nextPageToken:
      rows.length > size && last
        ? tokens.encode({ c: last.createdAt.toISOString(), i: last.id })
        : null,
  };
}

interface BillWithHistory {
  amountMinor: bigint;
  waivedMinor: bigint;
  allocations: { amountMinor: bigint; receivedAt: Date; reversedAt: Date | null }[];
  waivers: { amountMinor: bigint; decidedAt: Date | null; createdAt: Date }[];
}

function movementsOf(bill: BillWithHistory): BillMovement[] {
  const move = (at: Date | null, amount: bigint, allocated: bigint, waived: bigint) => ({
    at,
    amountDeltaMinor: Number(amount),
    allocatedDeltaMinor: Number(allocated),
    waivedDeltaMinor: Number(waived),
  });
  const movements = [move(null, bill.amountMinor, 0n, 0n)];
  for (const a of bill.allocations) {
    movements.push(move(a.receivedAt, 0n, a.amountMinor, 0n));
    if (a.reversedAt) movements.push(move(a.reversedAt, 0n, -a.amountMinor, 0n));
  }
  let unspread = bill.waivedMinor;
  for (const w of bill.waivers) {
    if (unspread <= 0n) break;
    // Amounts are at most 10^11 minor units: exact as numbers.
    const applied = BigInt(Math.min(Number(w.amountMinor), Number(unspread)));
    movements.push(move(w.decidedAt ?? w.createdAt, 0n, 0n, applied));
    unspread -= applied;
  }
  // Waived with no approved waiver left to date it (none should be): counted at the issue.
  if (unspread > 0n) movements[0]!.waivedDeltaMinor += Number(unspread);
  return movements.sort((a, b) => (a.at?.getTime() ?? 0) - (b.at?.getTime() ?? 0));
}
