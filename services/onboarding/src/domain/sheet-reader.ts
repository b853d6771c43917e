/**
 * One sheet's rows, given in ascending order, read into typed rows as they come: only the first
 * {@link HEADER_SCAN_ROWS} rows are held until the header is found among them (headers.ts);
 * every row after is read at once and its cells dropped, so a sheet of any length costs its
 * parsed rows, not its cells.
 */
import {
  type Cell,
  type Converted,
  cellText,
  isBlank,
  splitList,
  toArea,
  toBasisPoints,
  toBoolean,
  toDate,
  toIdentifier,
  toMoney,
  toRanges,
  toSteps,
  toTerm,
  toText,
  toWhole,
} from "./cells.ts";
import type { ImportError } from "./errors.ts";
import { HEADER_SCAN_ROWS, type HeaderLayout, headerKey, locateHeader } from "./headers.ts";
import { type ColumnSpec, type Lang, type SheetKey, sheetSpecs } from "./sheets.ts";
import { exampleText } from "./template-examples.ts";

export interface ParsedRow {
  /** The spreadsheet's row number. */
  row: number;
  /** Column key → the typed value of each cell that was read (see {@link readCell}). */
  values: Record<string, unknown>;
  /** Column key → the cell's text, for every non-blank cell (read or not). */
  text: Record<string, string>;
}

export interface ParsedSheet {
  key: SheetKey;
  /** The worksheet's (or CSV file's) own name. */
  name: string;
  headerRow: number;
  /** Column key → the header as written in the upload. */
  headers: Record<string, string>;
  /** Column key → 1-based column index. */
  columns: Record<string, number>;
  /** The language of the sheet's headers (of the error column and messages naming columns). */
  lang: Lang;
  /** Keys of required columns the sheet lacks (each is one error). */
  missing: string[];
  rows: ParsedRow[];
}

/** Reads one sheet: {@link row} for each row in ascending order, then {@link end}. */
export class SheetReader {
  readonly key: SheetKey;
  readonly name: string;
  /** The sheet's errors, in row order. */
  readonly errors: ImportError[] = [];
  /** Rows 1…{@link HEADER_SCAN_ROWS} until the header is located; then no longer held. */
  private head: (Cell[] | undefined)[] | null = [];
  private sheet: ParsedSheet | null = null;
  private layout: HeaderLayout | null = null;
  private found: { spec: ColumnSpec; index: number }[] = [];
  private example = new Map<string, string[]>();

  constructor(key: SheetKey, name: string) {
    this.key = key;
    this.name = name;
  }

  row(number: number, cells: Cell[]): void {
    if (this.head) {
      if (number <= HEADER_SCAN_ROWS) {
        this.head[number] = cells;
        return;
      }
      // A row below the scanned ones: the header is among them (as the whole sheet saw it).
      this.head.length = Math.max(this.head.length, HEADER_SCAN_ROWS + 1);
      this.locate();
    }
    this.readRow(number, cells);
  }

  end(): ParsedSheet {
    if (this.head) this.locate();
    return this.sheet!;
  }

  private locate(): void {
    const head = this.head!;
    this.head = null;
    const spec = sheetSpecs[this.key];
    const layout = locateHeader(spec, head);
    this.layout = layout;
    const sheet: ParsedSheet = {
      key: this.key,
      name: this.name,
      headerRow: layout?.headerRow ?? 0,
      lang: layout ? languageOf(spec.columns, layout.columns) : "zh",
      headers: {},
      columns: {},
      missing: [],
      rows: [],
    };
    this.sheet = sheet;
    for (const column of spec.columns) {
      const at = layout?.columns.get(column.key);
      if (at) {
        sheet.headers[column.key] = at.header;
        sheet.columns[column.key] = at.index;
        this.found.push({ spec: column, index: at.index });
      } else if (column.required) {
        sheet.missing.push(column.key);
        this.errors.push({
          sheet: this.name,
          row: layout?.headerRow ?? null,
          column: column[sheet.lang],
          value: "",
          message: {
            zh: `缺少必填列“${column.zh}”`,
            en: `lacks the required column "${column.en}"`,
          },
          sheetKey: this.key,
          field: column.key,
        });
      }
    }
    if (!layout) return;
    this.example = exampleTexts(this.found);
    for (let r = layout.headerRow + 1; r < head.length; r++) {
      const cells = head[r];
      if (cells) this.readRow(r, cells);
    }
  }

  private readRow(r: number, cells: Cell[]): void {
    const layout = this.layout;
    const sheet = this.sheet!;
    if (!layout || r <= layout.headerRow) return;
    const row: ParsedRow = { row: r, values: {}, text: {} };
    let filled = false;
    // The template's example row, left in place right below the header: every column as in
    // the example (blank where the example is), in either language. A copy elsewhere is data.
    let matchesExample = this.example.size > 0 && r === layout.headerRow + 1;
    for (const { spec: column, index } of this.found) {
      const cell = cells[index];
      if (isBlank(cell)) {
        if (this.example.has(column.key)) matchesExample = false;
        continue;
      }
      filled = true;
      const text = cellText(cell);
      row.text[column.key] = text;
      if (!this.example.get(column.key)?.includes(text)) matchesExample = false;
      const read = readCell(column, cell!);
      if (read.ok) row.values[column.key] = read.value;
      else {
        this.errors.push({
          sheet: this.name,
          row: r,
          column: sheet.headers[column.key] ?? column.zh,
          value: text,
          message: read.message,
          sheetKey: this.key,
          field: column.key,
        });
      }
    }
    if (filled && !matchesExample) sheet.rows.push(row);
  }
}

/** English when more headers are written as the English names than as the Chinese ones. */
function languageOf(
  columns: readonly ColumnSpec[],
  found: ReadonlyMap<string, { header: string }>,
): Lang {
  let english = 0;
  let chinese = 0;
  for (const column of columns) {
    const header = found.get(column.key)?.header;
    if (header === undefined) continue;
    const key = headerKey(header);
    if (key.startsWith(headerKey(column.en).replace(/\(.*$/, ""))) english++;
    else if (key.startsWith(headerKey(column.zh).replace(/\(.*$/, ""))) chinese++;
  }
  return english > chinese ? "en" : "zh";
}

/** Column key → the texts (zh and en) of the template's example for the columns present. */
function exampleTexts(found: readonly { spec: ColumnSpec }[]): Map<string, string[]> {
  const texts = new Map<string, string[]>();
  for (const { spec } of found) {
    if (spec.example === undefined) continue;
    texts.set(spec.key, [exampleText(spec, "zh"), exampleText(spec, "en")]);
  }
  return texts;
}

/** A cell read as its column's kind. */
export function readCell(column: ColumnSpec, cell: Cell): Converted<unknown> {
  const max = column.max ?? 500;
  switch (column.kind) {
    case "text":
      return toText(cell, max);
    case "identifier":
      return toIdentifier(cell, max);
    case "money":
      return toMoney(cell);
    case "area":
      return toArea(cell);
    case "whole":
      return toWhole(cell);
    case "percent":
      return toBasisPoints(cell);
    case "date":
      return toDate(cell);
    case "term":
      return toTerm(cell, column.vocabulary ?? []);
    case "boolean":
      return toBoolean(cell);
    case "words":
    case "phrases": {
      const text = toText(cell, max);
      return text.ok ? { ok: true, value: splitList(cell, column.kind) } : text;
    }
    case "steps":
      return toSteps(cell);
    case "ranges":
      return toRanges(cell);
  }
}
