/**
 * @slms/onboarding: go-live from Excel. For now the workbook domain only — the template, the
 * parser, the dry-run validation into an import plan, the error workbook.
 */
export * from "./domain/cells.ts";
export * from "./domain/error-workbook.ts";
export type { ImportError } from "./domain/errors.ts";
export { rowKey } from "./domain/keys.ts";
export * from "./domain/parse.ts";
export type * from "./domain/plan.ts";
export {
  type ColumnSpec,
  type Lang,
  type SheetKey,
  sheetKeys,
  sheetSpecs,
} from "./domain/sheets.ts";
export * from "./domain/template.ts";
export { monthlyRentMinor } from "./domain/totals.ts";
export * from "./domain/validate.ts";
export type { Message } from "./domain/vocabulary.ts";
