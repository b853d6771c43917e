import { leaseLimits, type WireTerms } from "@slms/contracts";
import { type FieldIssue, fieldIssues, invalid, isDomainError } from "@slms/errors";
import { compareDates } from "@slms/primitives/civil-date";
import { z } from "zod";
import { assertDerivedAmounts } from "../domain/derived-amounts.ts";
import { goLiveOf } from "../domain/go-live.ts";
import type { CivilDate, LeaseTerms, ScheduledCharge } from "../domain/terms.ts";
import { civilDateInput, idInput, isStorableText, referenceInput } from "./fields.ts";
import { validTerms } from "./terms-input.ts";

/** Rows one import call may carry. */
export const MAX_IMPORT_ROWS = 10_000;

/** A lease row of an import as the request carries it (`billingStartsOn` null: from the start). */
export interface ImportLeaseRowInput {
  key: string;
  reference: string;
  customerId: string;
  unitIds: string[];
  startDate: string;
  endDate: string;
  billingStartsOn: string | null;
  terms: WireTerms;
}

/** A row that passed every check: what the import writes. */
export interface ValidLeaseRow {
  /** Position in the request, for naming fields (`leases.<index>.…`). */
  index: number;
  key: string;
  reference: string;
  customerId: string;
  unitIds: string[];
  startDate: CivilDate;
  endDate: CivilDate;
  /** Stored on the lease: null when billing starts with it (`goLiveOf`). */
  billingStartsOn: CivilDate | null;
  terms: LeaseTerms;
  /**
   * The whole schedule of the terms (`buildSchedule`), computed once while checking them; empty
   * for a row already made (see `validImportRows`).
   */
  schedule: ScheduledCharge[];
}

/** The importer's key of a row: stored and logged, so plain storable text. */
const keyInput = z
  .string()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .refine(isStorableText, "must be Unicode text without NUL characters");

const rowInput = z.object({
  key: keyInput,
  reference: referenceInput,
  customerId: idInput,
  unitIds: z
    .array(idInput)
    .min(leaseLimits.units.min, "must name at least one unit")
    .max(leaseLimits.units.max, `must name at most ${leaseLimits.units.max} units`)
    .refine((ids) => new Set(ids).size === ids.length, "must not name a unit twice"),
  startDate: civilDateInput,
  endDate: civilDateInput,
  billingStartsOn: civilDateInput.nullable(),
});

/**
 * Every row checked as CreateLease checks a lease — shape, dates, terms and what they derive
 * (`validTerms`, `assertDerivedAmounts`) — plus what an import adds: the go-live (`goLiveOf`; a
 * lease ended before it is refused on `endDate`), and across the rows no key or reference twice
 * and no unit leased twice for overlapping dates (the later row is named). All rows are checked
 * and every problem is reported, as `leases.<i>.<field>`, in one `invalid` error; nothing is
 * written when any row is bad.
 *
 * Rows whose key is in `made` were made by an earlier call, so what their terms derive was
 * checked then: their schedule, the costly part (a resumed import sends every row again), is not
 * computed.
 */
export function validImportRows(
  rows: readonly ImportLeaseRowInput[],
  currency: string,
  made: ReadonlySet<string> = new Set(),
): ValidLeaseRow[] {
  assertRowCount(rows.length);
  const issues: FieldIssue[] = [];
  const valid: ValidLeaseRow[] = [];
  for (const [index, row] of rows.entries()) {
    const prefix = `leases.${index}.`;
    const rowIssues: FieldIssue[] = [];
    const shaped = rowInput.safeParse(row);
    if (!shaped.success) rowIssues.push(...fieldIssues(shaped.error));
    const dates = { startDate: row.startDate, endDate: row.endDate };
    const checked = domainIssues(rowIssues, () => {
      const terms = validTerms(dates, row.terms, currency);
      if (made.has(row.key)) return { terms, schedule: [] };
      const version = { version: 1, effectiveFrom: dates.startDate, terms };
      return { terms, schedule: assertDerivedAmounts(dates, [version]) };
    });
    if (shaped.success && checked && rowIssues.length === 0) {
      const goLive = goLiveOf(dates, shaped.data.billingStartsOn);
      if (goLive.ok) valid.push({ index, ...shaped.data, ...goLive, ...checked });
      else rowIssues.push({ field: "endDate", message: goLive.message });
    }
    issues.push(...once(rowIssues).map((i) => ({ field: prefix + i.field, message: i.message })));
  }
  issues.push(...repeated(valid, "key"), ...repeated(valid, "reference"), ...unitsTwice(valid));
  if (issues.length > 0) throw invalid("invalid lease rows", issues);
  return valid;
}

/** At most `MAX_IMPORT_ROWS` rows a call, else invalid naming `leases`. */
export function assertRowCount(count: number): void {
  if (count > MAX_IMPORT_ROWS)
    throw invalid("too many rows", [
      { field: "leases", message: `must have at most ${MAX_IMPORT_ROWS} rows a call` },
    ]);
}

/** The value of `check`, or undefined with its field issues added to `issues`. */
function domainIssues<T>(issues: FieldIssue[], check: () => T): T | undefined {
  try {
    return check();
  } catch (error) {
    if (!isDomainError(error) || error.kind !== "invalid") throw error;
    issues.push(...error.details);
    return undefined;
  }
}

/** A bad date is reported by the shape check and by the terms check: say it once. */
function once(issues: readonly FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.field}\n${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function repeated(rows: readonly ValidLeaseRow[], field: "key" | "reference"): FieldIssue[] {
  const first = new Map<string, number>();
  const issues: FieldIssue[] = [];
  for (const row of rows) {
    const earlier = first.get(row[field]);
    if (earlier === undefined) first.set(row[field], row.index);
    else
      issues.push({
        field: `leases.${row.index}.${field}`,
        message: `repeats leases.${earlier}.${field}`,
      });
  }
  return issues;
}

/** A unit in two rows whose dates overlap: the later row is named (its unit's position). */
function unitsTwice(rows: readonly ValidLeaseRow[]): FieldIssue[] {
  const byUnit = new Map<string, { row: ValidLeaseRow; position: number }[]>();
  for (const row of rows) {
    for (const [position, unitId] of row.unitIds.entries()) {
      const uses = byUnit.get(unitId) ?? [];
      uses.push({ row, position });
      byUnit.set(unitId, uses);
    }
  }
  const issues: FieldIssue[] = [];
  for (const uses of byUnit.values()) {
    if (uses.length < 2) continue;
    uses.sort(
      (a, b) => compareDates(a.row.startDate, b.row.startDate) || a.row.index - b.row.index,
    );
    let latest = uses[0]!;
    for (const use of uses.slice(1)) {
      if (compareDates(use.row.startDate, latest.row.endDate) <= 0) {
        const [other, named] = latest.row.index < use.row.index ? [latest, use] : [use, latest];
        issues.push({
          field: `leases.${named.row.index}.unitIds.${named.position}`,
          message: `is leased by leases.${other.row.index} too, for overlapping dates`,
        });
      }
      if (compareDates(use.row.endDate, latest.row.endDate) > 0) latest = use;
    }
  }
  return issues;
}
