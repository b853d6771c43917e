/**
 * An uploaded go-live workbook (.xlsx) — or one CSV file per sheet — read into rows of typed
 * values per sheet, and every cell that cannot be read as an error naming sheet, row and column.
 * Sheets are recognised by name (sheets.ts, Chinese or English), the header row wherever it is
 * (headers.ts); blank rows anywhere, the template's untouched example row and unknown columns or
 * sheets are skipped. Cross-sheet meaning (does the lease's unit exist?) is validate.ts's.
 *
 * Memory flat in the workbook's cells: an .xlsx is streamed a row at a time (xlsx-rows.ts:
 * exceljs's streaming reader, merges and its misreadings corrected from a pass over the same XML
 * first, xlsx-scan.ts), each row read into a `ParsedRow` as it comes and its cells dropped;
 * only a sheet's first rows wait until its header is found among them (sheet-reader.ts). No
 * exceljs workbook model is built (it costs ~100 × the file's size). What is kept is the parsed
 * rows and the errors. Linear in the cells read: every lookup is a map, nothing scans the rows
 * twice (the pass before the stream only collects merges and the odd cell).
 */
import { parse as parseCsvText } from "csv-parse/sync";
import type { Cell } from "./cells.ts";
import type { ImportError } from "./errors.ts";
import { matchSheet } from "./headers.ts";
import { type ParsedSheet, SheetReader } from "./sheet-reader.ts";
import { type SheetKey, sheetKeys, sheetSpecs } from "./sheets.ts";
import { streamWorksheets } from "./xlsx-rows.ts";

export { type ParsedRow, type ParsedSheet, readCell } from "./sheet-reader.ts";

/** A worksheet as rows of cells: `rows[r][c]`, both 1-based as in the spreadsheet. */
export interface Grid {
  name: string;
  rows: (Cell[] | undefined)[];
}

export interface ParsedWorkbook {
  sheets: Partial<Record<SheetKey, ParsedSheet>>;
  /** Cells that could not be read, missing columns, an unrecognisable workbook. */
  errors: ImportError[];
}

/**
 * Reads an .xlsx workbook, streaming: each worksheet row by row (xlsx-rows.ts), each row read
 * as it comes (sheet-reader.ts). Worksheets no sheet is recognised in are read past.
 */
export async function parseWorkbook(data: Uint8Array | ArrayBuffer): Promise<ParsedWorkbook> {
  const readers = new Map<string, SheetReader>();
  let names: string[];
  try {
    names = await streamWorksheets(toBuffer(data), (name) => {
      const key = matchSheet(name);
      if (!key) return undefined;
      const reader = new SheetReader(key, name);
      readers.set(name, reader);
      return reader;
    });
  } catch {
    return unreadable("不是可读取的 .xlsx 工作簿", "is not a readable .xlsx workbook");
  }
  return collect(names.map((name) => ({ name, reader: readers.get(name) })));
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
  const seen = new Set<SheetKey>();
  const sheets = grids.map((grid) => {
    const key = matchSheet(grid.name);
    if (!key || seen.has(key)) return { name: grid.name };
    seen.add(key);
    const reader = new SheetReader(key, grid.name);
    grid.rows.forEach((cells, r) => {
      if (cells) reader.row(r, cells);
    });
    return { name: grid.name, reader };
  });
  return collect(sheets);
}

/**
 * The workbook from its sheets in order: the first of each kind counts, the others are ignored
 * (their errors too); no sheet of any kind is an error.
 */
function collect(
  all: readonly { name: string; reader?: SheetReader | undefined }[],
): ParsedWorkbook {
  const sheets: Partial<Record<SheetKey, ParsedSheet>> = {};
  const errors: ImportError[] = [];
  for (const { reader } of all) {
    if (!reader || sheets[reader.key]) continue;
    sheets[reader.key] = reader.end();
    errors.push(...reader.errors);
  }
  if (Object.keys(sheets).length === 0) {
    const names = sheetKeys.map((key) => sheetSpecs[key].zh).join("、");
    const en = sheetKeys.map((key) => sheetSpecs[key].en).join(", ");
    errors.push({
      sheet: null,
      row: null,
      column: null,
      value: all.map((sheet) => sheet.name).join(", "),
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
