import { notFound } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import { type BillView, billView, siteToday } from "../db/bills.ts";
import type { BillingDeps } from "../deps.ts";

export interface BillEntryView {
  kind: "allocation" | "allocation_reversed" | "waiver";
  amountMinor: number;
  reference: string;
  at: Date;
  actor: string;
  reason: string;
}

/** A bill and every movement on it, oldest first. */
export async function getBill(
  deps: BillingDeps,
  caller: Caller,
  siteId: string,
  billId: string,
): Promise<{ bill: BillView; entries: BillEntryView[] }> {
  if (!canSeeSite(caller, siteId)) throw notFound("bill");
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
