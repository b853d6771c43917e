/**
 * The dry run: a parsed workbook checked across its sheets against what the site already holds,
 * into either an {@link ImportPlan} — every row valid, ready to become each owning service's
 * bulk request — or every error found (never only the first). Pure: the caller passes the site's
 * snapshot (`existing`) and the go-live date; nothing here reads a clock or a database.
 *
 * Rules, sheet by sheet, are in validate-units.ts, validate-customers.ts, validate-leases.ts
 * (with lease-terms.ts) and validate-balances.ts; each names the service rule it restates.
 * Linear in the rows: every cross-sheet lookup is a map.
 */
import { isDateInRange } from "@slms/primitives/bounds";
import type { Context } from "./context.ts";
import type { ImportError } from "./errors.ts";
import type { ParsedWorkbook } from "./parse.ts";
import type { ExistingSite, ImportPlan, SheetTotals } from "./plan.ts";
import { type SheetKey, sheetKeys } from "./sheets.ts";
import { sheetTotals } from "./totals.ts";
import { checkArrears, checkDeposits, checkPrepayments } from "./validate-balances.ts";
import { checkCustomers } from "./validate-customers.ts";
import { checkLeases } from "./validate-leases.ts";
import { checkLetStatuses, checkUnits } from "./validate-units.ts";

export interface ValidateOptions {
  /** The site's id (or code): part of every row's idempotency key. */
  siteKey: string;
  /** The go-live date `YYYY-MM-DD`: leases must be active on it, balances dated on or before it. */
  asOf: string;
  /** The site's currency (ISO 4217); CNY when absent. */
  currency?: string;
  existing?: ExistingSite;
}

export type ValidationResult =
  | { ok: true; plan: ImportPlan; counts: Record<SheetKey, number>; totals: SheetTotals }
  | {
      ok: false;
      errors: ImportError[];
      counts: Record<SheetKey, number>;
      /** Totals of the rows that are valid on their own (for the dry-run report). */
      totals: SheetTotals;
    };

export function validateWorkbook(
  parsed: ParsedWorkbook,
  options: ValidateOptions,
): ValidationResult {
  if (!isDateInRange(options.asOf))
    throw new RangeError(`asOf is not a date in range: ${options.asOf}`);
  const ctx: Context = {
    siteKey: options.siteKey,
    asOf: options.asOf,
    currency: options.currency ?? "CNY",
    existing: options.existing ?? {},
    errors: [...parsed.errors],
  };
  const { sheets } = parsed;
  const units = checkUnits(ctx, sheets.units);
  const customers = checkCustomers(ctx, sheets.customers);
  const leases = checkLeases(ctx, sheets.leases, units, customers);
  const arrears = checkArrears(ctx, sheets.arrears, leases);
  const deposits = checkDeposits(ctx, sheets.deposits, leases);
  const prepayments = checkPrepayments(ctx, sheets.prepayments, customers, leases);

  checkLetStatuses(ctx, sheets.units, units, leases);

  const rows = {
    units: [...units.values()].flatMap((u) => (u.planned ? [u.planned] : [])),
    customers: customers.planned,
    leases: leases.planned,
    arrears,
    deposits,
    prepayments,
  };
  const totals = sheetTotals(rows);
  const counts = Object.fromEntries(
    sheetKeys.map((key) => [key, sheets[key]?.rows.length ?? 0]),
  ) as Record<SheetKey, number>;
  if (ctx.errors.length > 0) return { ok: false, errors: ctx.errors, counts, totals };
  return {
    ok: true,
    counts,
    totals,
    plan: { siteKey: ctx.siteKey, currency: ctx.currency, asOf: ctx.asOf, ...rows, totals },
  };
}
