/**
 * The dry run's errors as the user's own workbook: every sheet as uploaded, with an error column
 * (错误 / Errors) after its last column holding, on each row with errors, one line per problem
 * ("column: message"), and a summary sheet (错误汇总 / Error summary) with the counts per sheet
 * and every error, including those of no row (a missing column, an unknown workbook). Fixed and
 * uploaded again, the error column is ignored (unknown columns are) and reused next time.
 * CSV uploads come back as one workbook with a sheet per file.
 */
import ExcelJS from "exceljs";
import { cellText } from "./cells.ts";
import type { ImportError } from "./errors.ts";
import { headerKey } from "./headers.ts";
import { type CsvFile, csvGrids, type ParsedWorkbook } from "./parse.ts";
import { type Lang, type SheetKey, sheetKeys, sheetSpecs } from "./sheets.ts";

export const errorColumn = { zh: "错误", en: "Errors" } as const;
export const summarySheet = { zh: "错误汇总", en: "Error summary" } as const;

export type Upload = { xlsx: Uint8Array | ArrayBuffer } | { csv: readonly CsvFile[] };

export interface ErrorWorkbookOptions {
  /** The language of messages and of the summary (the error column follows each sheet's). */
  lang?: Lang;
}

/** The uploaded workbook with its errors written in (.xlsx bytes). */
export async function buildErrorWorkbook(
  upload: Upload,
  parsed: ParsedWorkbook,
  errors: readonly ImportError[],
  options: ErrorWorkbookOptions = {},
): Promise<Buffer> {
  const lang = options.lang ?? "zh";
  const workbook = await workbookOf(upload);
  const byName = new Map(workbook.worksheets.map((sheet) => [sheet.name, sheet]));
  for (const key of sheetKeys) {
    const sheet = parsed.sheets[key];
    const worksheet = sheet && byName.get(safeSheetName(sheet.name));
    if (!sheet || !worksheet) continue;
    const mine = errors.filter((error) => error.sheetKey === key && error.row !== null);
    markErrors(worksheet, sheet.headerRow || 1, mine, lang);
  }
  writeSummary(workbook, parsed, errors, lang);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function workbookOf(upload: Upload): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  if ("xlsx" in upload) {
    const bytes = upload.xlsx instanceof ArrayBuffer ? new Uint8Array(upload.xlsx) : upload.xlsx;
    await workbook.xlsx.load(bytes as never);
    return workbook;
  }
  for (const grid of csvGrids(upload.csv).grids) {
    const worksheet = workbook.addWorksheet(safeSheetName(grid.name));
    grid.rows.forEach((cells, r) => {
      if (!cells) return;
      cells.forEach((cell, c) => {
        if (cell) worksheet.getCell(r, c).value = cellText(cell);
      });
    });
  }
  return workbook;
}

/** A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\`. */
function safeSheetName(name: string): string {
  return name.replaceAll(/[[\]:*?/\\]/g, "_").slice(0, 31) || "Sheet";
}

const errorFont: Partial<ExcelJS.Font> = { color: { argb: "FFC00000" } };
const errorFill: ExcelJS.Fill = {
  type: "pattern",
  pattern: "solid",
  fgColor: { argb: "FFFFE0E0" },
};

function markErrors(
  worksheet: ExcelJS.Worksheet,
  headerRow: number,
  errors: readonly ImportError[],
  lang: Lang,
): void {
  const earlier = errorColumnOf(worksheet, headerRow);
  if (errors.length === 0 && earlier === 0) return;
  const column = earlier || worksheet.columnCount + 1;
  const header = worksheet.getCell(headerRow, column);
  header.value = errorColumn[lang];
  header.font = { bold: true, ...errorFont };
  worksheet.getColumn(column).width = 60;
  // A re-uploaded error workbook: last time's errors go.
  worksheet.eachRow((row, number) => {
    if (number > headerRow) row.getCell(column).value = null;
  });
  const lines = new Map<number, string[]>();
  for (const error of errors) {
    const text = error.column ? `${error.column}：${error.message[lang]}` : error.message[lang];
    const list = lines.get(error.row!) ?? [];
    list.push(lang === "en" ? text.replace("：", ": ") : text);
    lines.set(error.row!, list);
  }
  for (const [row, list] of lines) {
    const cell = worksheet.getCell(row, column);
    cell.value = list.join("\n");
    cell.font = errorFont;
    cell.fill = errorFill;
    cell.alignment = { wrapText: true, vertical: "top" };
  }
}

/** The sheet's error column from an earlier error workbook, or 0. */
function errorColumnOf(worksheet: ExcelJS.Worksheet, headerRow: number): number {
  const names = new Set([headerKey(errorColumn.zh), headerKey(errorColumn.en)]);
  let found = 0;
  worksheet.getRow(headerRow).eachCell((cell, c) => {
    if (
      !found &&
      names.has(headerKey(cellText({ value: typeof cell.value === "string" ? cell.value : null })))
    ) {
      found = c;
    }
  });
  return found;
}

function writeSummary(
  workbook: ExcelJS.Workbook,
  parsed: ParsedWorkbook,
  errors: readonly ImportError[],
  lang: Lang,
): void {
  const old = workbook.getWorksheet(summarySheet.zh) ?? workbook.getWorksheet(summarySheet.en);
  if (old) workbook.removeWorksheet(old.id);
  const sheet = workbook.addWorksheet(summarySheet[lang]);
  const words =
    lang === "zh"
      ? {
          sheet: "工作表",
          rows: "行数",
          errors: "错误数",
          row: "行",
          column: "列",
          value: "值",
          message: "错误",
          total: "合计",
        }
      : {
          sheet: "Sheet",
          rows: "Rows",
          errors: "Errors",
          row: "Row",
          column: "Column",
          value: "Value",
          message: "Error",
          total: "Total",
        };
  sheet.columns = [{ width: 16 }, { width: 10 }, { width: 20 }, { width: 24 }, { width: 70 }];
  sheet.addRow([words.sheet, words.rows, words.errors]).font = { bold: true };
  const perSheet = new Map<SheetKey | null, number>();
  for (const error of errors) perSheet.set(error.sheetKey, (perSheet.get(error.sheetKey) ?? 0) + 1);
  for (const key of sheetKeys) {
    const name = parsed.sheets[key]?.name ?? sheetSpecs[key][lang];
    sheet.addRow([name, parsed.sheets[key]?.rows.length ?? 0, perSheet.get(key) ?? 0]);
  }
  sheet.addRow([words.total, "", errors.length]).font = { bold: true };
  sheet.addRow([]);
  sheet.addRow([words.sheet, words.row, words.column, words.value, words.message]).font = {
    bold: true,
  };
  for (const error of errors) {
    const row = sheet.addRow([
      error.sheet ?? "",
      error.row ?? "",
      error.column ?? "",
      error.value,
      error.message[lang],
    ]);
    row.getCell(5).alignment = { wrapText: true };
  }
}
