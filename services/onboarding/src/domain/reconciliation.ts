import type { ImportPlan, RowOrigin, SheetTotals } from "./plan.ts";
import { monthlyRentMinor } from "./totals.ts";

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

/** Each object of an import as the system holds it, by id. */
export interface SystemRows {
  units: ReadonlyMap<string, { grossAreaHundredths: number; usableAreaHundredths: number }>;
  /** Rent per month of the lease's newest terms. */
  leases: ReadonlyMap<string, number>;
  bills: ReadonlyMap<string, number>;
  prepayments: ReadonlyMap<string, number>;
  deposits: ReadonlyMap<string, number>;
}

/** A row of the workbook whose object the system holds differently, or not at all. */
export interface RowDifference {
  sheet: RowOrigin["sheet"];
  row: number;
  figure: string;
  sheetValue: number;
  systemValue: number;
  missing: boolean;
}

/**
 * Row by row, every value of the workbook the system holds differently: each planned row's object
 * (found through what the commit made of the row) compared with the row — a unit's areas, a
 * lease's rent per month, an opening bill's, credit's or deposit's amount. An object not there at
 * all is `missing` (its figure then the row's main one, the system's value 0). In sheet and row
 * order.
 */
export function rowDifferences(
  plan: Pick<ImportPlan, "units" | "leases" | "arrears" | "deposits" | "prepayments">,
  made: Readonly<Record<string, Readonly<Record<string, string>>>>,
  system: SystemRows,
): RowDifference[] {
  const out: RowDifference[] = [];
  const check = <T>(
    row: RowOrigin,
    kind: string,
    held: ReadonlyMap<string, T>,
    figures: [figure: string, sheet: number, system: (held: T) => number][],
  ) => {
    const id = made[kind]?.[row.key];
    const found = id === undefined ? undefined : held.get(id);
    if (found === undefined) {
      const [figure, sheetValue] = figures[0]!;
      out.push({
        sheet: row.sheet,
        row: row.row,
        figure,
        sheetValue,
        systemValue: 0,
        missing: true,
      });
      return;
    }
    for (const [figure, sheetValue, value] of figures) {
      const systemValue = value(found);
      if (systemValue !== sheetValue)
        out.push({
          sheet: row.sheet,
          row: row.row,
          figure,
          sheetValue,
          systemValue,
          missing: false,
        });
    }
  };
  for (const u of plan.units)
    check(u, "unit", system.units, [
      ["grossAreaHundredths", u.grossAreaHundredths, (h) => h.grossAreaHundredths],
      ["usableAreaHundredths", u.usableAreaHundredths, (h) => h.usableAreaHundredths],
    ]);
  for (const l of plan.leases)
    check(l, "lease", system.leases, [
      ["monthlyRentMinor", monthlyRentMinor(l.terms.rent, l.terms.frequency), (rent) => rent],
    ]);
  for (const a of plan.arrears)
    check(a, "bill", system.bills, [["amountMinor", a.amountMinor, (amount) => amount]]);
  for (const d of plan.deposits)
    check(d, "deposit", system.deposits, [["amountMinor", d.amountMinor, (amount) => amount]]);
  for (const p of plan.prepayments)
    check(p, "prepayment", system.prepayments, [
      ["amountMinor", p.amountMinor, (amount) => amount],
    ]);
  return out;
}
