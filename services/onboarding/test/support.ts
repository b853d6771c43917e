import ExcelJS from "exceljs";
import { headerKey } from "../src/domain/headers.ts";
import { type Lang, type SheetKey, sheetSpecs } from "../src/domain/sheets.ts";
import { buildTemplate } from "../src/domain/template.ts";

/** A row to write: column key → cell value as a user would type or paste it. */
export type RowValues = Record<string, ExcelJS.CellValue>;

/**
 * The downloaded template, filled in with exceljs as a user would: rows from row 3 on (the
 * example row 2 is kept, to show it is skipped), values in the columns the template has; a
 * fee column past the template's (`fee3Code`) is added after the last column.
 */
export async function fillTemplate(
  rows: Partial<Record<SheetKey, RowValues[]>>,
  lang: Lang = "zh",
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await buildTemplate({ lang })) as never);
  for (const [key, list] of Object.entries(rows) as [SheetKey, RowValues[]][]) {
    const spec = sheetSpecs[key];
    const sheet = workbook.getWorksheet(spec[lang])!;
    const columnOf = new Map<string, number>();
    sheet.getRow(1).eachCell((cell, c) => {
      const column = spec.columns.find(
        (col) => headerKey(col[lang]) === headerKey(String(cell.value).replace("*", "")),
      );
      if (column) columnOf.set(column.key, c);
    });
    list.forEach((values, i) => {
      for (const [field, value] of Object.entries(values)) {
        let c = columnOf.get(field);
        if (c === undefined) {
          const column = spec.columns.find((col) => col.key === field)!;
          c = sheet.columnCount + 1;
          sheet.getCell(1, c).value = column[lang];
          columnOf.set(field, c);
        }
        sheet.getCell(3 + i, c).value = value;
      }
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A workbook of plain sheets: name → rows of cells (row 1 first), with optional merges. */
export async function workbookOf(
  sheets: Record<string, ExcelJS.CellValue[][]>,
  merges: Record<string, string[]> = {},
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    rows.forEach((cells, r) => {
      cells.forEach((value, c) => {
        if (value !== undefined && value !== null) sheet.getCell(r + 1, c + 1).value = value;
      });
    });
    for (const range of merges[name] ?? []) sheet.mergeCells(range);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Valid ID numbers (GB 11643 resident IDs, GB 32100 credit codes) for test customers. */
export const ids = {
  zhang: "11010519491231002X",
  li: "110101199003074477",
  wang: "440304198512311233",
  zhao: "310115197208152025",
  acme: "91350100M000100Y43",
  beta: "91110000600037341L",
} as const;
