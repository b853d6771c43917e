import type { Import, ImportTotals } from "@slms/contracts/onboarding";
import { type ImportJob, sheetTotalsOf, stepsOf } from "../db/jobs.ts";
import type { ImportError } from "../domain/errors.ts";
import type { SheetTotals } from "../domain/plan.ts";
import { differences, type RowDifference } from "../domain/reconciliation.ts";

const EMPTY_COUNTS = { units: 0, customers: 0, leases: 0, arrears: 0, deposits: 0, prepayments: 0 };

export function toTotals(t: SheetTotals | null): ImportTotals | null {
  if (!t) return null;
  return {
    units: t.units.count,
    grossAreaHundredths: t.units.grossAreaHundredths,
    customers: t.customers.count,
    leases: t.leases.count,
    monthlyRentRollMinor: t.leases.monthlyRentRollMinor,
    arrearsBills: t.arrears.count,
    arrearsMinor: t.arrears.totalMinor,
    arrearsByFeeCode: t.arrears.byFeeCode,
    deposits: t.deposits.count,
    depositsHeldMinor: t.deposits.heldMinor,
    prepayments: t.prepayments.count,
    prepaymentsMinor: t.prepayments.totalMinor,
  };
}

/** An import as the API shows it; `withErrors` false for lists. */
export function toImport(
  job: Omit<ImportJob, "workbook" | "plan" | "made">,
  withErrors = true,
): Import {
  const errors = withErrors ? (job.errors as unknown as ImportError[]) : [];
  return {
    id: job.id,
    siteId: job.siteId,
    fileName: job.fileName,
    goLiveDate: job.goLiveDate.toISOString().slice(0, 10),
    status: job.status,
    counts: { ...EMPTY_COUNTS, ...(job.counts as Record<string, number>) },
    sheetTotals: toTotals(sheetTotalsOf(job as ImportJob)),
    systemTotals: toTotals(job.systemTotals as unknown as SheetTotals | null),
    errors: errors.map((e) => ({
      sheet: e.sheet ?? "",
      row: e.row ?? 0,
      column: e.column ?? "",
      value: e.value,
      message: e.message,
    })),
    errorCount: job.errorCount,
    steps: stepsOf(job as ImportJob),
    error: job.error ?? "",
    createdBy: job.createdBy,
    createdAt: job.createdAt.toISOString(),
    committedAt: job.committedAt?.toISOString() ?? "",
    rolledBackAt: job.rolledBackAt?.toISOString() ?? "",
    rolledBackBy: job.rolledBackBy ?? "",
    rowDifferences: job.rowDifferences as unknown as RowDifference[],
    rowDifferenceCount: job.rowDifferenceCount,
    differences: job.systemTotals
      ? differences(sheetTotalsOf(job as ImportJob), job.systemTotals as unknown as SheetTotals)
      : [],
  };
}
