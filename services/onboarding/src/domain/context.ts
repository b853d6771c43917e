import type { ImportError } from "./errors.ts";
import type { ParsedRow, ParsedSheet } from "./parse.ts";
import type { ExistingSite } from "./plan.ts";
import { sheetSpecs } from "./sheets.ts";
import type { Message } from "./vocabulary.ts";

/** What every sheet's validation shares: the options and the errors found so far. */
export interface Context {
  siteKey: string;
  currency: string;
  asOf: string;
  existing: ExistingSite;
  errors: ImportError[];
}

/** Reports a problem of one cell (or of the row, `field` null), named as the upload names it. */
export function report(
  ctx: Context,
  sheet: ParsedSheet,
  row: ParsedRow,
  field: string | null,
  message: Message,
): void {
  ctx.errors.push({
    sheet: sheet.name,
    row: row.row,
    column: field === null ? null : columnName(sheet, field),
    value: field === null ? "" : (row.text[field] ?? ""),
    message,
    sheetKey: sheet.key,
    field,
  });
}

/** The header of `field` as the upload has it, or the template's in the upload's language. */
export function columnName(sheet: ParsedSheet, field: string): string {
  const found = sheet.headers[field];
  if (found) return found;
  const column = sheetSpecs[sheet.key].columns.find((c) => c.key === field);
  return column ? column[sheet.lang] : field;
}

export const required: Message = { zh: "必填", en: "is required" };

/**
 * The value of `field`, or undefined. A blank cell of a required field is reported; a cell that
 * could not be read was reported by the parser, and a missing column once for the sheet.
 */
export function value<T>(
  ctx: Context,
  sheet: ParsedSheet,
  row: ParsedRow,
  field: string,
  isRequired = false,
): T | undefined {
  const read = row.values[field];
  if (read !== undefined) return read as T;
  if (isRequired && row.text[field] === undefined && !sheet.missing.includes(field)) {
    report(ctx, sheet, row, field, required);
  }
  return undefined;
}

/** Whether every non-blank cell of the row was read (an unreadable one is already reported). */
export function rowReadable(row: ParsedRow): boolean {
  for (const field in row.text) if (row.values[field] === undefined) return false;
  return true;
}

/** Whether the row's `field` had a cell that could not be read (already reported). */
export function unreadable(row: ParsedRow, field: string): boolean {
  return row.text[field] !== undefined && row.values[field] === undefined;
}

/** "第 N 行" / "row N" of the same sheet, for messages about duplicates and overlaps. */
export function rowMessage(
  zh: (row: string) => string,
  en: (row: string) => string,
  row: number,
): Message {
  return { zh: zh(`第 ${row} 行`), en: en(`row ${row}`) };
}
