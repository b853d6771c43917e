/**
 * Finding a sheet's header row and its columns. Real workbooks put a title above the headers,
 * merge a header over two columns with the sub-headers below it (面积 over 建筑面积 | 使用面积),
 * mark required columns with `*`, and add columns of their own. So:
 * - headers compare without case, spaces, `*` or full-width forms, with or without a bracketed
 *   unit (`建筑面积(㎡)` is `建筑面积`), in Chinese or English or an alias;
 * - the header row is the row among the first {@link HEADER_SCAN_ROWS} that names the most
 *   columns — or a pair of rows, each column named by the lower row, the upper one or both
 *   together, when that names more (a merged cell reads as its value in every cell it covers);
 * - columns the sheet does not know are ignored; a column named twice counts at its first place.
 */
import { type Cell, cellText } from "./cells.ts";
import { type ColumnSpec, type SheetKey, type SheetSpec, sheetKeys, sheetSpecs } from "./sheets.ts";

export const HEADER_SCAN_ROWS = 30;

/** The form headers and sheet names are compared in. */
export function headerKey(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replaceAll(/[\s*＊:：]/g, "");
}

const withoutUnit = (key: string) => key.replace(/\([^)]*\)$/, "");

const columnLookups = new Map<SheetKey, Map<string, ColumnSpec>>();

function columnLookup(sheet: SheetSpec): Map<string, ColumnSpec> {
  let lookup = columnLookups.get(sheet.key);
  if (!lookup) {
    lookup = new Map();
    for (const column of sheet.columns) {
      for (const name of [column.zh, column.en, ...(column.aliases ?? [])]) {
        const key = headerKey(name);
        // Own names first: an alias never shadows another column's name.
        if (!lookup.has(key)) lookup.set(key, column);
        if (!lookup.has(withoutUnit(key))) lookup.set(withoutUnit(key), column);
      }
    }
    columnLookups.set(sheet.key, lookup);
  }
  return lookup;
}

/** The column a header cell names, if any. */
export function matchColumn(sheet: SheetSpec, header: string): ColumnSpec | undefined {
  const key = headerKey(header);
  if (key === "") return undefined;
  const lookup = columnLookup(sheet);
  return lookup.get(key) ?? lookup.get(withoutUnit(key));
}

/** The sheet a worksheet (or CSV file) name stands for: `单元`, `Units`, `1.单元`, `房源表`. */
export function matchSheet(name: string): SheetKey | undefined {
  const key = headerKey(name).replace(/\.csv$/, "");
  const candidates = [key, key.replace(/^[\d.、_-]+/, ""), key.replace(/表$/, "")];
  const parts = key.split(/[-_.、()]+/).filter(Boolean);
  candidates.push(...parts, ...parts.map((part) => part.replace(/表$/, "")));
  for (const candidate of candidates) {
    for (const sheet of sheetKeys) {
      const spec = sheetSpecs[sheet];
      const names = [spec.zh, spec.en, ...spec.aliases].map(headerKey);
      if (names.includes(candidate)) return sheet;
    }
  }
  return undefined;
}

export interface HeaderLayout {
  /** The last header row: data starts below it. */
  headerRow: number;
  /** Column key → 1-based column index and the header text found there. */
  columns: Map<string, { index: number; header: string }>;
}

type Rows = readonly (readonly (Cell | undefined)[] | undefined)[];

/** The header row (or pair of rows) naming the most of `sheet`'s columns; null if none. */
export function locateHeader(sheet: SheetSpec, rows: Rows): HeaderLayout | null {
  let best: HeaderLayout | null = null;
  const last = Math.min(rows.length - 1, HEADER_SCAN_ROWS);
  for (let r = 1; r <= last; r++) {
    const single = layoutOf(sheet, r, [rows[r]]);
    if (single.columns.size > (best?.columns.size ?? 0)) best = single;
    if (r < last) {
      const pair = layoutOf(sheet, r + 1, [rows[r], rows[r + 1]]);
      if (pair.columns.size > (best?.columns.size ?? 0)) best = pair;
    }
  }
  return best;
}

function rawText(
  headerRows: readonly (readonly (Cell | undefined)[] | undefined)[],
  column: number,
  index: number,
): string {
  const value = headerRows[index]?.[column]?.value;
  return typeof value === "string"
    ? value.replaceAll(/\s+/g, " ").trim()
    : cellText({ value: value ?? null });
}

function layoutOf(
  sheet: SheetSpec,
  headerRow: number,
  headerRows: readonly (readonly (Cell | undefined)[] | undefined)[],
): HeaderLayout {
  const columns = new Map<string, { index: number; header: string }>();
  const width = Math.max(0, ...headerRows.map((row) => row?.length ?? 0));
  for (let c = 1; c < width; c++) {
    const texts = headerRows.map((row) => cellText(row?.[c]));
    const upper = texts[0] ?? "";
    const lower = texts[1] ?? "";
    const candidates =
      headerRows.length === 1 ? [upper] : [lower, upper === lower ? "" : upper + lower, upper];
    for (const text of candidates) {
      const column = text === "" ? undefined : matchColumn(sheet, text);
      if (!column) continue;
      // Named as written (㎡ stays ㎡), without the required mark.
      const raw = [upper, lower].includes(text)
        ? rawText(headerRows, c, text === lower ? 1 : 0)
        : text;
      const header = raw.replace(/[*＊]+$/, "").trim();
      if (!columns.has(column.key)) columns.set(column.key, { index: c, header });
      break;
    }
  }
  return { headerRow, columns };
}
