import type { SheetKey } from "./sheets.ts";
import type { Message } from "./vocabulary.ts";

/**
 * One problem of an uploaded workbook, as the dry-run report and the error workbook show it.
 * `sheet` and `column` are named as in the upload (a Chinese workbook gets Chinese names);
 * `row` is the spreadsheet's own row number. A problem of a whole sheet or column (a missing
 * column) has no row; one of a whole workbook (no sheet recognised) neither sheet nor column.
 */
export interface ImportError {
  sheet: string | null;
  row: number | null;
  column: string | null;
  /** The cell as read, "" when blank or when the problem is not one cell's. */
  value: string;
  message: Message;
  /** Stable names for programs: the sheet and column keys of sheets.ts. */
  sheetKey: SheetKey | null;
  field: string | null;
}
