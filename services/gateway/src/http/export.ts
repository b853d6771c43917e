import type { Response } from "express";
import { z } from "zod";

// Reports as files: CSV (UTF-8 with a byte-order mark, so spreadsheet programs read Chinese) or
// .xlsx (money as numbers in the currency's format, rates as percentages), streamed row by row,
// with Chinese headers unless English is asked for, and the filter in the file name.

/** `format` and `lang` of every report route. */
export const exportQuery = {
  format: z
    .enum(["json", "csv", "xlsx"], "must be json, csv or xlsx")
    .default("json")
    .describe("json (default), or the report as a csv or xlsx file"),
  lang: z
    .enum(["zh", "en"], "must be zh or en")
    .default("zh")
    .describe("the file's headers: zh (default) or en"),
};
export type ExportFormat = "json" | "csv" | "xlsx";

export type ColumnKind = "text" | "int" | "money" | "bp" | "area";

export interface Column<R> {
  zh: string;
  en: string;
  kind: ColumnKind;
  value(row: R): string | number | null;
}

export interface Table<R> {
  /** The file name's first part, e.g. `receivables-ageing`. */
  name: string;
  title: { zh: string; en: string };
  columns: Column<R>[];
  rows: AsyncIterable<R> | Iterable<R>;
  /** The currency of a row's money columns; null: not known (two decimals, no symbol). */
  currency(row: R): string | null;
}

/** Digits after the decimal point of a currency (ISO 4217, as Intl knows them). */
function minorDigits(currency: string | null): number {
  if (currency === null) return 2;
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/** An integer as a decimal string with `digits` places, exactly (no float arithmetic). */
function decimal(value: number, digits: number): string {
  if (digits === 0) return String(value);
  const sign = value < 0 ? "-" : "";
  const text = String(Math.abs(value)).padStart(digits + 1, "0");
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Minor units as a decimal string in major units ("1234.56" for 123456 fen). */
export const majorUnits = (minor: number, currency: string | null) =>
  decimal(minor, minorDigits(currency));

/** Basis points as a percentage with two decimals ("12.34" for 1234). */
const percent = (bp: number) => decimal(bp, 2);

/**
 * A text cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return
 * first) is prefixed with a quote: data never becomes a formula in the reader's program.
 */
export function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function csvValue<R>(column: Column<R>, row: R, currency: string | null): string {
  const value = column.value(row);
  if (value === null) return "";
  switch (column.kind) {
    case "money":
      return majorUnits(Number(value), currency);
    case "bp":
      return percent(Number(value));
    case "text":
      return safeText(String(value));
    default:
      return String(value);
  }
}

const currencyFormats: Record<string, string> = { CNY: "¥", USD: "$", EUR: "€", HKD: "HK$" };

/** The spreadsheet number format of a money column in this currency. */
function moneyFormat(currency: string | null): string {
  const digits = minorDigits(currency);
  const decimals = digits > 0 ? `.${"0".repeat(digits)}` : "";
  if (currency === null) return `#,##0${decimals}`;
  const symbol = currencyFormats[currency];
  return symbol ? `"${symbol}"#,##0${decimals}` : `#,##0${decimals} "${currency}"`;
}

/** The file name: report, site (or all sites), the other filters, in safe characters. */
export function fileName(name: string, filters: (string | undefined)[], format: "csv" | "xlsx") {
  const parts = [name, ...filters.map((f) => f ?? "all-sites")].map((p) =>
    p.replace(/[^\w.-]+/g, "-"),
  );
  return `${parts.join("_")}.${format}`;
}

/** Streams the table to the response as CSV or xlsx. */
export async function sendTable<R>(
  res: Response,
  table: Table<R>,
  format: "csv" | "xlsx",
  lang: "zh" | "en",
  file: string,
): Promise<void> {
  res.status(200);
  res.setHeader("Content-Disposition", `attachment; filename="${file}"`);
  res.setHeader("Cache-Control", "no-store");
  if (format === "csv") {
    res.type("text/csv; charset=utf-8");
    res.write(`\uFEFF${table.columns.map((c) => csvCell(c[lang])).join(",")}\r\n`);
    for await (const row of table.rows) {
      const currency = table.currency(row);
      const line = table.columns.map((c) => csvCell(csvValue(c, row, currency))).join(",");
      if (!res.write(`${line}\r\n`)) await new Promise((resolve) => res.once("drain", resolve));
    }
    res.end();
    return;
  }
  res.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  // Loaded on first use: the embedded platform does not pay for it until a sheet is asked for.
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true });
  const sheet = workbook.addWorksheet(table.title[lang].slice(0, 31));
  sheet.columns = table.columns.map((c) => ({
    header: c[lang],
    width: Math.max(10, c[lang].length * (lang === "zh" ? 2 : 1) + 2),
  }));
  for await (const row of table.rows) {
    const currency = table.currency(row);
    const added = sheet.addRow(
      table.columns.map((c) => {
        const value = c.value(row);
        if (value === null) return null;
        if (c.kind === "money") return Number(majorUnits(Number(value), currency));
        if (c.kind === "bp") return Number(value) / 10_000;
        if (c.kind === "area") return Number(value);
        return value;
      }),
    );
    table.columns.forEach((c, i) => {
      const cell = added.getCell(i + 1);
      if (c.kind === "money") cell.numFmt = moneyFormat(currency);
      else if (c.kind === "bp") cell.numFmt = "0.00%";
      else if (c.kind === "area") cell.numFmt = "#,##0.00";
    });
    added.commit();
  }
  sheet.commit();
  await workbook.commit();
}
