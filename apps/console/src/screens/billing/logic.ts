import { decimalToMinor } from "../../format/money";

/** A billing run as GET billing-runs/{runId} answers it (the fields the progress bar needs). */
export interface RunState {
  status: string;
  total: number;
  done: number;
  dryRun: boolean;
}

/** Whether the run has stopped (completed or failed): polling ends then. */
export function runFinished(run: RunState): boolean {
  return run.status === "completed" || run.status === "failed";
}

/**
 * The progress bar's percentage, a whole number 0–100: done of total, rounded down (100 only
 * once everything is done); a completed run is 100, a running one with no total yet 0.
 */
export function runPercent(run: RunState): number {
  if (run.total <= 0) return runFinished(run) ? 100 : 0;
  const percent = Math.floor((Math.min(run.done, run.total) * 100) / run.total);
  return run.status === "completed" ? 100 : Math.max(0, percent);
}

/** What a dry run would issue: how many bills and how much in total, by fee item. */
export function summarisePreview(preview: readonly { feeCode: string; amountMinor: number }[]): {
  count: number;
  amountMinor: number;
  byFee: { feeCode: string; count: number; amountMinor: number }[];
} {
  const byFee = new Map<string, { feeCode: string; count: number; amountMinor: number }>();
  let amountMinor = 0;
  for (const bill of preview) {
    amountMinor += bill.amountMinor;
    const row = byFee.get(bill.feeCode) ?? { feeCode: bill.feeCode, count: 0, amountMinor: 0 };
    row.count += 1;
    row.amountMinor += bill.amountMinor;
    byFee.set(bill.feeCode, row);
  }
  return {
    count: preview.length,
    amountMinor,
    byFee: [...byFee.values()].sort((a, b) => b.amountMinor - a.amountMinor),
  };
}

export type BillStatus = "open" | "paid" | "waived";

/** The bills table's filters as the screen holds them. */
export interface BillFilters {
  status: BillStatus | null;
  overdue: boolean;
  customerId: string | null;
  /** Civil dates `YYYY-MM-DD`: bills whose period starts in this range. */
  periodFrom: string | null;
  periodTo: string | null;
}

/** The filters as the query of GET bills (absent filters left out; overdue only when asked). */
export function billQuery(filters: BillFilters) {
  return {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.overdue ? { overdue: "true" as const } : {}),
    ...(filters.customerId ? { customerId: filters.customerId } : {}),
    ...(filters.periodFrom ? { periodFrom: filters.periodFrom } : {}),
    ...(filters.periodTo ? { periodTo: filters.periodTo } : {}),
  };
}

/**
 * A meter value typed in kWh or m³ (up to three decimals) as the API's thousandths, or null when
 * it is not a value ≥ 0.
 */
export function meterValueMilli(text: string): number | null {
  const milli = decimalToMinor(text, 3);
  return milli !== null && milli >= 0 ? milli : null;
}
