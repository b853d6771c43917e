import type { Paths } from "../../api/client";

export type ImportJob =
  Paths["/api/v1/sites/{siteId}/imports/{importId}"]["get"]["responses"][200]["content"]["application/json"];
export type ImportStatus = ImportJob["status"];
export type Totals = NonNullable<ImportJob["sheetTotals"]>;
export type FirstBills =
  Paths["/api/v1/sites/{siteId}/imports/{importId}/first-bills"]["get"]["responses"][200]["content"]["application/json"];

export const importStatuses: ImportStatus[] = [
  "invalid",
  "validated",
  "committing",
  "failing",
  "committed",
  "failed",
  "rolling_back",
  "rolled_back",
];

/** The statuses that change by themselves: the import is polled until it leaves them. */
export function isInProgress(status: ImportStatus): boolean {
  return status === "committing" || status === "failing" || status === "rolling_back";
}

export const statusColour: Record<ImportStatus, string> = {
  invalid: "error",
  validated: "processing",
  committing: "processing",
  failing: "warning",
  committed: "success",
  failed: "error",
  rolling_back: "warning",
  rolled_back: "default",
};

/**
 * Where the wizard stands for an import (0 template, 1 dry run, 2 commit, 3 reconcile) and
 * whether that step is in error.
 */
export function wizardStep(job: ImportJob | null): {
  current: number;
  status: "process" | "error" | "finish";
} {
  if (!job) return { current: 0, status: "process" };
  switch (job.status) {
    case "invalid":
      return { current: 1, status: "error" };
    case "validated":
      return { current: 2, status: "process" };
    case "committing":
    case "failing":
      return { current: 2, status: "process" };
    case "failed":
      return { current: 2, status: "error" };
    case "committed":
      return { current: 3, status: "finish" };
    case "rolling_back":
    case "rolled_back":
      return { current: 3, status: "error" };
  }
}

/** The commit's overall progress in percent (rows done over rows, whole steps when no rows). */
export function commitPercent(steps: ImportJob["steps"]): number {
  if (steps.length === 0) return 0;
  const total = steps.reduce((sum, s) => sum + s.rowsTotal, 0);
  if (total === 0)
    return Math.floor((100 * steps.filter((s) => s.state === "done").length) / steps.length);
  const done = steps.reduce((sum, s) => sum + Math.min(s.rowsDone, s.rowsTotal), 0);
  return Math.min(100, Math.floor((100 * done) / total));
}

/** How a figure's numbers are shown: money in minor units, an area in hundredths of m², a count. */
export type FigureUnit = "money" | "area" | "count";

export function unitOf(figure: string): FigureUnit {
  const last = figure.split(".").at(-1) ?? figure;
  if (/Minor$/.test(last) || figure.startsWith("arrears.byFeeCode.")) return "money";
  if (/Hundredths$/.test(last)) return "area";
  return "count";
}

/** Hundredths of a square metre as a decimal (`31075` → `310.75`), without floating point. */
export function formatArea(hundredths: number): string {
  const negative = hundredths < 0;
  const abs = Math.abs(Math.trunc(hundredths));
  const text = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
  return negative ? `-${text}` : text;
}

export interface TotalsRow {
  /** A key under `admin.imports.totals.` (`arrearsByFee` with `fee` for one fee code). */
  label: string;
  fee?: string;
  unit: FigureUnit;
  sheet: number;
  /** null before the commit (the system holds nothing yet). */
  system: number | null;
  matches: boolean;
}

const totalsOrder: (keyof Omit<Totals, "arrearsByFeeCode">)[] = [
  "units",
  "grossAreaHundredths",
  "customers",
  "leases",
  "monthlyRentRollMinor",
  "arrearsBills",
  "arrearsMinor",
  "deposits",
  "depositsHeldMinor",
  "prepayments",
  "prepaymentsMinor",
];

/**
 * The reconciliation table: each of the workbook's totals beside the system's (after the
 * commit), arrears by fee code after the arrears total; a fee only one side has counts as 0 on
 * the other.
 */
export function reconciliationRows(sheet: Totals, system: Totals | null): TotalsRow[] {
  const rows: TotalsRow[] = [];
  const push = (label: string, a: number, b: number | null, fee?: string) =>
    rows.push({
      label,
      ...(fee === undefined ? {} : { fee }),
      unit: fee === undefined ? unitOf(label) : "money",
      sheet: a,
      system: b,
      matches: b === null || a === b,
    });
  for (const key of totalsOrder) {
    push(key, sheet[key], system ? system[key] : null);
    if (key === "arrearsMinor") {
      const sheetFees = feeMap(sheet.arrearsByFeeCode);
      const systemFees = system ? feeMap(system.arrearsByFeeCode) : null;
      const fees = [...new Set([...sheetFees.keys(), ...(systemFees?.keys() ?? [])])].sort();
      for (const fee of fees)
        push(
          "arrearsByFee",
          sheetFees.get(fee) ?? 0,
          systemFees ? (systemFees.get(fee) ?? 0) : null,
          fee,
        );
    }
  }
  return rows;
}

function feeMap(byFee: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (byFee && typeof byFee === "object")
    for (const [fee, amount] of Object.entries(byFee as Record<string, unknown>))
      if (typeof amount === "number") out.set(fee, amount);
  return out;
}

/** The message of a dry-run error in the console's language. */
export function errorText(message: { zh: string; en: string }, language: string): string {
  return language.startsWith("zh") ? message.zh : message.en;
}

/** The template's / errors workbook's header language for the console's language. */
export function workbookLanguage(language: string): "zh" | "en" {
  return language.startsWith("zh") ? "zh" : "en";
}
