import { termsFromProto } from "@slms/contracts";
import type { Caller } from "@slms/grpc";
import type { ImportJob, Made } from "../db/jobs.ts";
import type { SheetTotals } from "../domain/plan.ts";
import type { SystemRows } from "../domain/reconciliation.ts";
import { monthlyRentMinor } from "../domain/totals.ts";
import type { Owners } from "../sources.ts";

/** ListUnits' and ListLeases' largest page (and the most ids ListUnits takes). */
const PAGE = 500;

/** What the system holds of an import: its totals, and each object's figures to compare by row. */
export interface Reconciliation {
  totals: SheetTotals;
  rows: SystemRows;
}

/**
 * What the owning services hold of a committed import, in the workbook's terms — to reconcile
 * with its sheet totals to the fen: the units assets holds (count, areas), the customers made,
 * the leases contracts holds with the rent of their newest terms, the opening bills billing
 * holds by fee code and the prepayment credits (as brought in: credit the import settled its
 * own bills with still counts), the deposit entries payments holds — in total and object by
 * object. Units are read by id (500 a call), leases page by page; billing and payments read
 * their parts of the batch (GetImportTotals).
 */
export async function reconcile(
  owners: Owners,
  caller: Caller,
  job: Pick<ImportJob, "id" | "siteId">,
  made: Made,
): Promise<Reconciliation> {
  const siteId = job.siteId;
  const call = { caller };
  const rows = {
    units: new Map<string, { grossAreaHundredths: number; usableAreaHundredths: number }>(),
    leases: new Map<string, number>(),
    bills: new Map<string, number>(),
    prepayments: new Map<string, number>(),
    deposits: new Map<string, number>(),
  };

  const units = { count: 0, grossAreaHundredths: 0, usableAreaHundredths: 0 };
  const unitIds = Object.values(made.unit ?? {});
  for (let i = 0; i < unitIds.length; i += PAGE) {
    const ids = unitIds.slice(i, i + PAGE);
    const page = await owners.assets.ListUnits(
      { siteId, pageSize: PAGE, pageToken: "", ids },
      call,
    );
    for (const u of page.units) {
      const area = {
        grossAreaHundredths: hundredths(u.grossAreaM2),
        usableAreaHundredths: hundredths(u.usableAreaM2 || u.grossAreaM2),
      };
      rows.units.set(u.id, area);
      units.count += 1;
      units.grossAreaHundredths += area.grossAreaHundredths;
      units.usableAreaHundredths += area.usableAreaHundredths;
    }
  }

  const leases = { count: 0, monthlyRentRollMinor: 0 };
  const leaseIds = new Set(Object.values(made.lease ?? {}));
  for (let token = "", first = true; leaseIds.size > 0 && (first || token); first = false) {
    const page = await owners.contracts.ListLeases(
      { siteId, pageSize: PAGE, pageToken: token },
      call,
    );
    for (const l of page.leases) {
      if (!leaseIds.has(l.id)) continue;
      const newest = l.versions.reduce((a, b) => (b.version > a.version ? b : a));
      const terms = termsFromProto(newest.terms!);
      const rent = monthlyRentMinor(terms.rent, terms.frequency);
      rows.leases.set(l.id, rent);
      leases.count += 1;
      leases.monthlyRentRollMinor += rent;
    }
    token = page.nextPageToken;
  }

  // Opening arrears, prepayments and deposits: read by billing and payments over the batch.
  const batch = { siteId, batchId: job.id };
  const [balances, held] = await Promise.all([
    owners.billing.GetImportTotals(batch, call),
    owners.payments.GetImportTotals(batch, call),
  ]);
  for (const b of balances.billAmounts) rows.bills.set(b.id, b.amountMinor);
  for (const p of balances.prepaymentAmounts) rows.prepayments.set(p.id, p.amountMinor);
  for (const d of held.depositAmounts) rows.deposits.set(d.id, d.amountMinor);

  return {
    totals: {
      units,
      customers: { count: Object.keys(made.customer ?? {}).length },
      leases,
      arrears: {
        count: balances.bills,
        totalMinor: balances.billsMinor,
        byFeeCode: balances.billsByFeeCode,
      },
      deposits: { count: held.deposits, heldMinor: held.depositsMinor },
      prepayments: { count: balances.prepayments, totalMinor: balances.prepaymentsMinor },
    },
    rows,
  };
}

/** A decimal m² string as hundredths, exactly. */
function hundredths(m2: string): number {
  const [whole = "0", fraction = ""] = m2.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0").slice(0, 2));
}
