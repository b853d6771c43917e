import { termsFromProto } from "@slms/contracts";
import type { Caller } from "@slms/grpc";
import type { ImportJob, Made } from "../db/jobs.ts";
import type { SheetTotals } from "../domain/plan.ts";
import { monthlyRentMinor } from "../domain/totals.ts";
import type { Owners } from "../sources.ts";

/**
 * What the owning services hold of a committed import, in the workbook's terms — to reconcile
 * with its sheet totals to the fen: the units assets holds (count, areas), the customers made,
 * the leases contracts holds with the rent of their newest terms, the opening bills billing
 * holds by fee code and the prepayment credits (as brought in: credit the import settled its
 * own bills with still counts), the deposit entries payments holds. Units and leases are read
 * page by page; billing and payments sum their parts of the batch (GetImportTotals).
 */
export async function reconcile(
  owners: Owners,
  caller: Caller,
  job: Pick<ImportJob, "id" | "siteId">,
  made: Made,
): Promise<SheetTotals> {
  const siteId = job.siteId;
  const call = { caller };
  const ids = (kind: string) => new Set(Object.values(made[kind] ?? {}));

  const units = { count: 0, grossAreaHundredths: 0, usableAreaHundredths: 0 };
  const unitIds = ids("unit");
  for (let token = "", first = true; first || token; first = false) {
    const page = await owners.assets.ListUnits({ siteId, pageSize: 500, pageToken: token }, call);
    for (const u of page.units) {
      if (!unitIds.has(u.id)) continue;
      units.count += 1;
      units.grossAreaHundredths += hundredths(u.grossAreaM2);
      units.usableAreaHundredths += hundredths(u.usableAreaM2 || u.grossAreaM2);
    }
    token = page.nextPageToken;
  }

  const leases = { count: 0, monthlyRentRollMinor: 0 };
  const leaseIds = ids("lease");
  for (let token = "", first = true; first || token; first = false) {
    const page = await owners.contracts.ListLeases(
      { siteId, pageSize: 500, pageToken: token },
      call,
    );
    for (const l of page.leases) {
      if (!leaseIds.has(l.id)) continue;
      const newest = l.versions.reduce((a, b) => (b.version > a.version ? b : a));
      const terms = termsFromProto(newest.terms!);
      leases.count += 1;
      leases.monthlyRentRollMinor += monthlyRentMinor(terms.rent, terms.frequency);
    }
    token = page.nextPageToken;
  }

  // Opening arrears, prepayments and deposits: summed by billing and payments over the batch.
  const batch = { siteId, batchId: job.id };
  const [balances, held] = await Promise.all([
    owners.billing.GetImportTotals(batch, call),
    owners.payments.GetImportTotals(batch, call),
  ]);
  const arrears = {
    count: balances.bills,
    totalMinor: balances.billsMinor,
    byFeeCode: balances.billsByFeeCode,
  };
  const deposits = { count: held.deposits, heldMinor: held.depositsMinor };
  const prepayments = { count: balances.prepayments, totalMinor: balances.prepaymentsMinor };

  return {
    units,
    customers: { count: Object.keys(made.customer ?? {}).length },
    leases,
    arrears,
    deposits,
    prepayments,
  };
}

/** A decimal m² string as hundredths, exactly. */
function hundredths(m2: string): number {
  const [whole = "0", fraction = ""] = m2.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0").slice(0, 2));
}
