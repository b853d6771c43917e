/**
 * An uploaded go-live workbook (.xlsx) — or one CSV file per sheet — read into rows of typed
 * values per sheet, and every cell that cannot be read as an error naming sheet, row and column.
 * Sheets are recognised by name (sheets.ts, Chinese or English), the header row wherever it is
 * (headers.ts); blank rows anywhere, the template's untouched example row and unknown columns or
 * sheets are skipped. Cross-sheet meaning (does the lease's unit exist?) is validate.ts's.
 *
 * Linear in the cells read: every lookup is a map, nothing scans the rows twice.
 */
import { parse as parseCsvText } from "csv-parse/sync";
import ExcelJS from "exceljs";
import {
  type Cell,
  type Converted,
  cellFromExcel,
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
import { headerKey, locateHeader, matchSheet } from "./headers.ts";
import { type ColumnSpec, type Lang, type SheetKey, sheetKeys, sheetSpecs } from "./sheets.ts";
import { exampleText } from "./template-examples.ts";

/** A worksheet as rows of cells: `rows[r][c]`, both 1-based as in the spreadsheet. */
export interface Grid {
  name: string;
  rows: (Cell[] | undefined)[];
}

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

export interface ParsedWorkbook {
  sheets: Partial<Record<SheetKey, ParsedSheet>>;
  /** Cells that could not be read, missing columns, an unrecognisable workbook. */
  errors: ImportError[];
}

/** Reads an .xlsx workbook. */
export async function parseWorkbook(data: Uint8Array | ArrayBuffer): Promise<ParsedWorkbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's types want Node's Buffer; any Uint8Array view of the bytes is what it reads.
    await workbook.xlsx.load(toBuffer(data) as never);
  } catch {
    return unreadable("不是可读取的 .xlsx 工作簿", "is not a readable .xlsx workbook");
  }
  return parseGrids(workbook.worksheets.map(gridOfWorksheet));
}

/** The cells of a worksheet (formula results, rich text joined, merged cells as their value). */
export function gridOfWorksheet(worksheet: ExcelJS.Worksheet): Grid {
  const rows: (Cell[] | undefined)[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      cells[column] = cellFromExcel(cell.value, cell.numFmt);
    });
    rows[rowNumber] = cells;
  });
  return { name: worksheet.name, rows };
}

/** One CSV file of a sheet; `sheet` names it when the file name does not. */
export interface CsvFile {
  name: string;
  content: string | Uint8Array;
  sheet?: SheetKey;
}

/**
 * Reads one CSV file per sheet. Bytes are UTF-8 (a byte-order mark is fine) or, failing that,
 * GB 18030 — what a Chinese Excel saves as "CSV (逗号分隔)". Every cell is text.
 */
export function parseCsvFiles(files: readonly CsvFile[]): ParsedWorkbook {
  const { grids, errors } = csvGrids(files);
  const parsed = parseGrids(grids);
  return { sheets: parsed.sheets, errors: [...errors, ...parsed.errors] };
}

/** CSV files as grids (every cell text), and the files that are not CSV. */
export function csvGrids(files: readonly CsvFile[]): { grids: Grid[]; errors: ImportError[] } {
  const grids: Grid[] = [];
  const errors: ImportError[] = [];
  for (const file of files) {
    const text = typeof file.content === "string" ? file.content : decodeCsv(file.content);
    let records: string[][];
    try {
      records = parseCsvText(text, { bom: true, relax_column_count: true, relax_quotes: true });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      errors.push(
        fileError(file.name, `不是有效的 CSV 文件：${reason}`, `is not valid CSV: ${reason}`),
      );
      continue;
    }
    const rows: (Cell[] | undefined)[] = [];
    records.forEach((record, i) => {
      const cells: Cell[] = [];
      record.forEach((value, c) => {
        cells[c + 1] = { value };
      });
      rows[i + 1] = cells;
    });
    grids.push({ name: file.sheet ? sheetSpecs[file.sheet].zh : file.name, rows });
  }
  return { grids, errors };
}

function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

/** Reads worksheets already turned into grids (xlsx or CSV). */
export function parseGrids(grids: readonly Grid[]): ParsedWorkbook {
  const sheets: Partial<Record<SheetKey, ParsedSheet>> = {};
  const errors: ImportError[] = [];
  for (const grid of grids) {
    const key = matchSheet(grid.name);
    if (!key || sheets[key]) continue;
    sheets[key] = parseSheet(key, grid, errors);
  }
  if (Object.keys(sheets).length === 0) {
    const names = sheetKeys.map((key) => sheetSpecs[key].zh).join("、");
    const en = sheetKeys.map((key) => sheetSpecs[key].en).join(", ");
    errors.push({
      sheet: null,
      row: null,
      column: null,
      value: grids.map((grid) => grid.name).join(", "),
      message: {
        zh: `没有可识别的工作表，工作表应命名为：${names}`,
        en: `has no sheet it knows; sheets must be named ${en}`,
      },
      sheetKey: null,
      field: null,
    });
  }
  return { sheets, errors };
}

function parseSheet(key: SheetKey, grid: Grid, errors: ImportError[]): ParsedSheet {
  const spec = sheetSpecs[key];
  const layout = locateHeader(spec, grid.rows);
  const sheet: ParsedSheet = {
    key,
    name: grid.name,
    headerRow: layout?.headerRow ?? 0,
    lang: layout ? languageOf(spec.columns, layout.columns) : "zh",
    headers: {},
    columns: {},
    missing: [],
    rows: [],
  };
  const found: { spec: ColumnSpec; index: number }[] = [];
  for (const column of spec.columns) {
    const at = layout?.columns.get(column.key);
    if (at) {
      sheet.headers[column.key] = at.header;
      sheet.columns[column.key] = at.index;
      found.push({ spec: column, index: at.index });
    } else if (column.required) {
      sheet.missing.push(column.key);
      errors.push({
        sheet: grid.name,
        row: layout?.headerRow ?? null,
        column: column[sheet.lang],
        value: "",
        message: {
          zh: `缺少必填列“${column.zh}”`,
          en: `lacks the required column "${column.en}"`,
        },
        sheetKey: key,
        field: column.key,
      });
    }
  }
  if (!layout) return sheet;
  const example = exampleTexts(found);
  for (let r = layout.headerRow + 1; r < grid.rows.length; r++) {
    const cells = grid.rows[r];
    if (!cells) continue;
    const row: ParsedRow = { row: r, values: {}, text: {} };
    let filled = false;
    // The template's example row, left in place right below the header: every column as in
    // the example (blank where the example is), in either language. A copy elsewhere is data.
    let matchesExample = example.size > 0 && r === layout.headerRow + 1;
    for (const { spec: column, index } of found) {
      const cell = cells[index];
      if (isBlank(cell)) {
        if (example.has(column.key)) matchesExample = false;
        continue;
      }
      filled = true;
      const text = cellText(cell);
      row.text[column.key] = text;
      if (!example.get(column.key)?.includes(text)) matchesExample = false;
      const read = readCell(column, cell!);
      if (read.ok) row.values[column.key] = read.value;
      else {
        errors.push({
          sheet: grid.name,
          row: r,
          column: sheet.headers[column.key] ?? column.zh,
          value: text,
          message: read.message,
          sheetKey: key,
          field: column.key,
        });
      }
    }
    if (filled && !matchesExample) sheet.rows.push(row);
  }
  return sheet;
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

function toBuffer(data: Uint8Array | ArrayBuffer): Uint8Array {
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

function unreadable(zh: string, en: string): ParsedWorkbook {
  return { sheets: {}, errors: [fileError(null, zh, en)] };
}

function fileError(name: string | null, zh: string, en: string): ImportError {
  return {
    sheet: name,
    row: null,
    column: null,
    value: "",
    message: { zh, en },
    sheetKey: null,
    field: null,
  };
}
