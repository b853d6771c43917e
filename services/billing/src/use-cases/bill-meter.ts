import { conflict, type FieldIssue, invalid, notFound, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { addDays } from "@slms/primitives/civil-date";
import { fromDbDate, toDbDate } from "@slms/primitives/zoned";
import { z } from "zod";
import type { BillView } from "../db/bills.ts";
import { issueBill } from "../db/ledger.ts";
import { shareSiteLeases } from "../db/removed-leases.ts";
import type { BillingDeps } from "../deps.ts";
import { splitByArea } from "../domain/area-share.ts";
import { amount, date, id } from "../domain/fields.ts";
import { meterCharge } from "../domain/meter.ts";
import { requireSiteInScope, requireUnitsOfSite } from "../site-scope.ts";

const input = z.object({
  siteId: id,
  meterCode: id,
  fromDate: date,
  toDate: date,
  unitPriceMinor: amount.default(0),
  totalCostMinor: amount.default(0),
});

/** Days after the last reading a utility bill is due. */
const DUE_AFTER_DAYS = 15;

/**
 * Bills a meter's consumption between the reading on or before `fromDate` and the reading on
 * `toDate`: to the lease of the unit, or — for a shared meter — split across its units by area
 * share (parts sum exactly to the total) and billed to each unit's lease. A unit without a lease
 * in the period is reported and not billed (the landlord bears it). Once per meter, date and lease.
 * The meter is the request's site's (NOT_FOUND otherwise). No bill exceeds MAX_AMOUNT_MINOR: a
 * cost above it is `invalid` naming `unitPriceMinor` (a given total is bounded like any amount).
 */
export async function billMeter(
  deps: BillingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<{ consumptionMilli: number; totalMinor: number; bills: BillView[] }> {
  const data = parseInput(input, request, "meter billing");
  const { siteId } = data;
  requireSiteInScope(caller, siteId, "meter");
  const meter = await deps.db.meter.findUnique({
    where: { siteId_code: { siteId, code: data.meterCode } },
  });
  if (!meter || meter.orgId !== caller.orgId) throw notFound("meter");
  const [previous] = await deps.db.meterReading.findMany({
    where: { meterId: meter.id, readingDate: { lte: toDbDate(data.fromDate) } },
    orderBy: { readingDate: "desc" },
    take: 1,
  });
  const current = await deps.db.meterReading.findUnique({
    where: { meterId_readingDate: { meterId: meter.id, readingDate: toDbDate(data.toDate) } },
  });
  if (!previous)
    throw invalid("no reading to start from", [
      { field: "fromDate", message: "no reading on or before it" },
    ]);
  if (!current)
    throw invalid("no reading to end at", [{ field: "toDate", message: "no reading on it" }]);
  const charge = meterCharge(
    { date: fromDbDate(previous.readingDate), valueThousandths: Number(previous.valueMilli) },
    { date: data.toDate, valueThousandths: Number(current.valueMilli) },
    data.unitPriceMinor,
  );
  if (!charge.ok) throw invalid("invalid meter billing", charge.problems.map(asRequestField));
  const total = data.totalCostMinor > 0 ? data.totalCostMinor : charge.value.amountMinor;

  const unitIds = meter.unitId ? [meter.unitId] : meter.sharedUnitIds;
  const areaOf = await requireUnitsOfSite(
    deps,
    caller,
    siteId,
    // Checked when the meter was created; a unit gone since makes the meter unbillable here.
    unitIds.map((unitId) => ({ field: "meterCode", unitId })),
  );
  const areas = unitIds.map((unitId) => ({ unitId, areaHundredths: areaOf.get(unitId)! }));
  const parts = splitByArea(total, areas);
  if (!parts.ok) throw invalid("cannot split the cost", parts.problems);
  const periodStart = fromDbDate(previous.readingDate);
  const bills = await deps.db.$transaction(async (tx) => {
    // A lease an import's rollback is taking back is waited for, then not found.
    await shareSiteLeases(tx, siteId);
    const issued: BillView[] = [];
    for (const part of parts.value) {
      if (part.amountMinor === 0) continue;
      const lease = await tx.billingLease.findFirst({
        where: {
          siteId,
          unitIds: { has: part.unitId },
          startDate: { lte: toDbDate(data.toDate) },
          endDate: { gte: toDbDate(periodStart) },
        },
        orderBy: { startDate: "desc" },
      });
      if (!lease) continue;
      const bill = await issueBill(tx, caller.actor, {
        dedupeKey: `util:${meter.id}:${data.toDate}:${lease.id}`,
        orgId: caller.orgId,
        siteId,
        leaseId: lease.id,
        customerId: lease.customerId,
        feeCode: meter.kind,
        kind: "utility",
        periodStart,
        periodEnd: data.toDate,
        issueDate: data.toDate,
        dueDate: addDays(data.toDate, DUE_AFTER_DAYS),
        currency: lease.currency,
        amountMinor: part.amountMinor,
        note: `${meter.code}: ${part.amountMinor} of ${total}`,
      });
      if (bill) issued.push(bill);
    }
    return issued;
  });
  if (
    bills.length === 0 &&
    (await deps.db.bill.count({
      where: { dedupeKey: { startsWith: `util:${meter.id}:${data.toDate}:` } },
    })) > 0
  ) {
    throw conflict(`meter ${meter.code} was already billed up to ${data.toDate}`);
  }
  deps.outboxWritten();
  return { consumptionMilli: charge.value.consumptionThousandths, totalMinor: total, bills };
}

/** The domain's reading fields as the request's: the start reading is `fromDate`'s, the end `toDate`'s. */
function asRequestField(problem: FieldIssue): FieldIssue {
  const [reading] = problem.field.split(".");
  if (reading === "previous") return { ...problem, field: "fromDate" };
  if (reading === "current") return { ...problem, field: "toDate" };
  return problem;
}
