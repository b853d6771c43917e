import { invalid } from "@slms/errors";
import { compareDates, isCivilDate } from "@slms/primitives/civil-date";
import { mulDivRound } from "@slms/primitives/money";
import { monthlyRent } from "./pricing.ts";
import { buildSchedule, derivedAmount } from "./schedule.ts";
import type { CivilDate, LeaseDates, ScheduledCharge, TermsVersion } from "./terms.ts";
import { versionAt } from "./versions.ts";

/** A period the termination cuts short: it now ends on the termination date. */
export interface FinalPeriod {
  feeCode: string;
  periodStart: CivilDate;
  originalEnd: CivilDate;
  /** The termination date. */
  newEnd: CivilDate;
  originalAmountMinor: number;
  /** The line's amount in the revised schedule (0 if the charge has no day left in it). */
  proratedAmountMinor: number;
}

/** What ending a lease early on `terminationDate` means for its money. */
export interface TerminationSettlement {
  /** The last day of the lease (inclusive). */
  terminationDate: CivilDate;
  /** The schedule of the lease ending on `terminationDate`. */
  revisedSchedule: ScheduledCharge[];
  /** Every line whose period contains `terminationDate` and ran past it, one per charge. */
  finalPeriods: FinalPeriod[];
  /** Lines of the original schedule starting after `terminationDate`: not to bill, or to credit. */
  droppedPeriods: ScheduledCharge[];
  /** The termination penalty (`penaltyFor`). */
  penaltyMinor: number;
  /** The deposit of the version in force on `terminationDate`, to offset against what is owed. */
  depositMinor: number;
}

/**
 * The penalty for terminating on `date`, by the `penalty` of the version in force then:
 * - `none`: 0; `fixed`: its amount;
 * - `months_of_rent`: months × the monthly rent in force on `date`, escalated and before
 *   rent-free days (`monthlyRent`: the full-period rent ÷ months per period, rounded half up;
 *   per-m² rent: rate × area ÷ 100, rounded). The lease start is the first version's date.
 *   Above `MAX_AMOUNT_MINOR` it is refused (`derivedAmount`), naming `terms.penalty.months`.
 */
export function penaltyFor(versions: readonly TermsVersion[], date: CivilDate): number {
  const leaseStart = versions[0]?.effectiveFrom;
  if (leaseStart === undefined) throw new Error("a lease needs at least one terms version");
  const { terms } = versionAt(versions, date);
  const { penalty } = terms;
  switch (penalty.kind) {
    case "none":
      return 0;
    case "fixed":
      return penalty.amountMinor;
    case "months_of_rent":
      return derivedAmount(
        () => ({ field: "penalty.months", what: `the penalty for terminating on ${date}` }),
        () => mulDivRound(monthlyRent(leaseStart, terms, date), penalty.months, 1),
        (amount) => amount,
      );
  }
}

/**
 * The settlement of terminating the lease early: its last day becomes `terminationDate`, which
 * must be on or after the start and before the end (`DomainError` "invalid" on
 * `terminationDate` otherwise). Versions effective after it are ignored.
 */
export function terminationSettlement(
  dates: LeaseDates,
  versions: readonly TermsVersion[],
  terminationDate: CivilDate,
): TerminationSettlement {
  if (!isCivilDate(terminationDate)) {
    throw invalid("invalid termination date", [
      { field: "terminationDate", message: "must be a date (YYYY-MM-DD)" },
    ]);
  }
  if (
    compareDates(terminationDate, dates.startDate) < 0 ||
    compareDates(terminationDate, dates.endDate) >= 0
  ) {
    throw invalid("invalid termination date", [
      {
        field: "terminationDate",
        message: `must be on or after the start (${dates.startDate}) and before the end (${dates.endDate})`,
      },
    ]);
  }
  const original = buildSchedule(dates, versions);
  const kept = versions.filter((v) => compareDates(v.effectiveFrom, terminationDate) <= 0);
  const revisedSchedule = buildSchedule(
    { startDate: dates.startDate, endDate: terminationDate },
    kept,
  );
  const finalPeriods: FinalPeriod[] = [];
  for (const line of original) {
    const contains =
      compareDates(line.periodStart, terminationDate) <= 0 &&
      compareDates(terminationDate, line.periodEnd) < 0;
    if (!contains) continue;
    const revised = revisedSchedule.find(
      (r) => r.feeCode === line.feeCode && r.periodStart === line.periodStart,
    );
    finalPeriods.push({
      feeCode: line.feeCode,
      periodStart: line.periodStart,
      originalEnd: line.periodEnd,
      newEnd: terminationDate,
      originalAmountMinor: line.amountMinor,
      proratedAmountMinor: revised?.amountMinor ?? 0,
    });
  }
  return {
    terminationDate,
    revisedSchedule,
    finalPeriods,
    droppedPeriods: original.filter((line) => compareDates(line.periodStart, terminationDate) > 0),
    penaltyMinor: penaltyFor(kept, terminationDate),
    depositMinor: versionAt(kept, terminationDate).terms.depositMinor,
  };
}
