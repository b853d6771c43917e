import { notFound, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { type BillView, billView, siteToday } from "../db/bills.ts";
import type { BillingDeps } from "../deps.ts";
import { id } from "../domain/fields.ts";
import { requireSiteInScope } from "../site-scope.ts";

const input = z.object({ siteId: id, billId: id });

export interface BillEntryView {
  kind: "allocation" | "allocation_reversed" | "waiver";
  amountMinor: number;
  reference: string;
  at: Date;
  actor: string;
  reason: string;
}

/** A bill of the site (NOT_FOUND if it is another site's) and every movement on it, oldest first. */
export async function getBill(
  deps: BillingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<{ bill: BillView; entries: BillEntryView[] }> {
  const { siteId, billId } = parseInput(input, request, "request");
  requireSiteInScope(caller, siteId, "bill");
  const row = await deps.db.bill.findFirst({
    where: { id: billId, siteId, orgId: caller.orgId },
    include: { allocations: true, waivers: true },
  });
  if (!row) throw notFound("bill");
  const entries: BillEntryView[] = [
    ...row.allocations.flatMap((a) => [
      {
        kind: "allocation" as const,
        amountMinor: Number(a.amountMinor),
        reference: a.paymentId,
        at: a.createdAt,
        actor: a.source,
        reason: "",
      },
      ...(a.reversedAt
        ? [
            {
              kind: "allocation_reversed" as const,
              amountMinor: -Number(a.amountMinor),
              reference: a.paymentId,
              at: a.reversedAt,
              actor: a.source,
              reason: "",
            },
          ]
        : []),
    ]),
    ...row.waivers
      .filter((w) => w.status === "approved")
      .map((w) => ({
        kind: "waiver" as const,
        amountMinor: Number(w.amountMinor),
        reference: w.id,
        at: w.decidedAt ?? w.createdAt,
        actor: w.decidedBy ?? w.requestedBy,
        reason: w.reason,
      })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  return { bill: billView(row, await siteToday(deps.db, siteId, deps.clock())), entries };
}
