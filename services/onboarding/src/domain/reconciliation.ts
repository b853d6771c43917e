import type { SheetTotals } from "./plan.ts";

/** A figure the system holds differently from the workbook. */
export interface Difference {
  /** e.g. `units.count`, `leases.monthlyRentRollMinor`, `arrears.byFeeCode.rent`. */
  figure: string;
  sheet: number;
  system: number;
}

/**
 * Every figure of the reconciliation where what the owning services hold after the commit
 * differs from the workbook's own totals (none: reconciled to the fen).
 */
export function differences(sheet: SheetTotals, system: SheetTotals): Difference[] {
  const out: Difference[] = [];
  const compare = (figure: string, a: number, b: number) => {
    if (a !== b) out.push({ figure, sheet: a, system: b });
  };
  compare("units.count", sheet.units.count, system.units.count);
  compare(
    "units.grossAreaHundredths",
    sheet.units.grossAreaHundredths,
    system.units.grossAreaHundredths,
  );
  compare(
    "units.usableAreaHundredths",
    sheet.units.usableAreaHundredths,
    system.units.usableAreaHundredths,
  );
  compare("customers.count", sheet.customers.count, system.customers.count);
  compare("leases.count", sheet.leases.count, system.leases.count);
  compare(
    "leases.monthlyRentRollMinor",
    sheet.leases.monthlyRentRollMinor,
    system.leases.monthlyRentRollMinor,
  );
  compare("arrears.count", sheet.arrears.count, system.arrears.count);
  compare("arrears.totalMinor", sheet.arrears.totalMinor, system.arrears.totalMinor);
  const fees = new Set([
    ...Object.keys(sheet.arrears.byFeeCode),
    ...Object.keys(system.arrears.byFeeCode),
  ]);
  for (const fee of [...fees].sort())
    compare(
      `arrears.byFeeCode.${fee}`,
      sheet.arrears.byFeeCode[fee] ?? 0,
      system.arrears.byFeeCode[fee] ?? 0,
    );
  compare("deposits.count", sheet.deposits.count, system.deposits.count);
  compare("deposits.heldMinor", sheet.deposits.heldMinor, system.deposits.heldMinor);
  compare("prepayments.count", sheet.prepayments.count, system.prepayments.count);
  compare("prepayments.totalMinor", sheet.prepayments.totalMinor, system.prepayments.totalMinor);
  return out;
}
