import type { LeaseTermsData } from "@slms/contracts";
import { sumBy } from "@slms/primitives/money";
import { monthsPer } from "./lease-terms.ts";
import type {
  PlannedArrear,
  PlannedCustomer,
  PlannedDeposit,
  PlannedLease,
  PlannedPrepayment,
  PlannedUnit,
  SheetTotals,
} from "./plan.ts";

/**
 * Rent per month in minor units, rounded half up: a per-period rent spread evenly over the
 * period's months, a per-m² rent times the let area. The reporting service's rent roll computes
 * it the same way (services/reporting/src/domain/rent.ts `monthlyRentMinor`), so the workbook's
 * rent roll and the system's compare to the fen.
 */
export function monthlyRentMinor(
  rent: LeaseTermsData["rent"],
  frequency: LeaseTermsData["frequency"],
): number {
  const [numerator, denominator] =
    rent.kind === "per_period"
      ? [BigInt(rent.amountMinor), BigInt(monthsPer[frequency])]
      : [BigInt(rent.rateMinorPerM2) * BigInt(rent.areaHundredths), 100n];
  return Number((2n * numerator + denominator) / (2n * denominator));
}

/** The totals of the rows given (every one of them valid on its own). */
export function sheetTotals(rows: {
  units: readonly PlannedUnit[];
  customers: readonly PlannedCustomer[];
  leases: readonly PlannedLease[];
  arrears: readonly PlannedArrear[];
  deposits: readonly PlannedDeposit[];
  prepayments: readonly PlannedPrepayment[];
}): SheetTotals {
  const byFeeCode: Record<string, number> = {};
  for (const arrear of rows.arrears) {
    byFeeCode[arrear.feeCode] = (byFeeCode[arrear.feeCode] ?? 0) + arrear.amountMinor;
  }
  return {
    units: {
      count: rows.units.length,
      grossAreaHundredths: sumBy(rows.units, (u) => u.grossAreaHundredths),
      usableAreaHundredths: sumBy(rows.units, (u) => u.usableAreaHundredths),
    },
    customers: { count: rows.customers.length },
    leases: {
      count: rows.leases.length,
      monthlyRentRollMinor: sumBy(rows.leases, (l) =>
        monthlyRentMinor(l.terms.rent, l.terms.frequency),
      ),
    },
    arrears: {
      count: rows.arrears.length,
      totalMinor: sumBy(rows.arrears, (a) => a.amountMinor),
      byFeeCode,
    },
    deposits: {
      count: rows.deposits.length,
      heldMinor: sumBy(rows.deposits, (d) => d.amountMinor),
    },
    prepayments: {
      count: rows.prepayments.length,
      totalMinor: sumBy(rows.prepayments, (p) => p.amountMinor),
    },
  };
}
