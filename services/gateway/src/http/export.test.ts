import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Column, fileName, majorUnits, safeText, sendTable, type Table } from "./export.ts";

interface Row {
  name: string;
  amount: number | null;
  rate: number;
  currency: string;
}

const columns: Column<Row>[] = [
  { zh: "名称", en: "Name", kind: "text", value: (r) => r.name },
  { zh: "金额", en: "Amount", kind: "money", value: (r) => r.amount },
  { zh: "比率", en: "Rate", kind: "bp", value: (r) => r.rate },
];

async function* slowly(rows: Row[]) {
  for (const row of rows) {
    await new Promise((resolve) => setImmediate(resolve));
    yield row;
  }
}

const rows: Row[] = [
  { name: '=HYPERLINK("http://x","y")', amount: 123_456, rate: 9_859, currency: "CNY" },
  { name: '逗号, and "quotes"\nnew line', amount: -5, rate: 10_000, currency: "CNY" },
  { name: "+1 555", amount: 1_500, rate: 0, currency: "JPY" },
  { name: "none", amount: null, rate: 1, currency: "CNY" },
];

let base: string;
let close: () => void;
beforeAll(async () => {
  const app = express();
  app.get("/:format", async (req, res) => {
    const format = req.params.format as "csv" | "xlsx";
    const table: Table<Row> = {
      name: "test",
      title: { zh: "测试", en: "Test" },
      columns,
      rows: slowly(rows),
      currency: (r) => r.currency,
    };
    await sendTable(res, table, format, "zh", fileName("test", [undefined, "2026-01"], format));
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close?.());

describe("majorUnits", () => {
  it.each([
    [123_456, "CNY", "1234.56"],
    [5, "CNY", "0.05"],
    [-5, "CNY", "-0.05"],
    [0, "CNY", "0.00"],
    [1_500, "JPY", "1500"],
    [1_234, "KWD", "1.234"],
    [9_007_199_254_740_991, "CNY", "90071992547409.91"],
    [105, null, "1.05"],
  ])("%d %s → %s", (minor, currency, expected) => {
    expect(majorUnits(minor, currency)).toBe(expected);
  });
});

describe("safeText", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+86 138", "'+86 138"],
    ["-3", "'-3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tx", "'\tx"],
    ["星河 = ok", "星河 = ok"],
  ])("%j → %j", (value, expected) => {
    expect(safeText(value)).toBe(expected);
  });
});

describe("sendTable", () => {
  it("writes CSV: BOM, quoted cells, formulas defused, money in major units, rates in percent", async () => {
    const response = await fetch(`${base}/csv`);
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="test_all-sites_2026-01.csv"',
    );
    const text = Buffer.from(await response.arrayBuffer()).toString("utf8");
    expect(text.split("\r\n")).toEqual([
      "\uFEFF名称,金额,比率",
      `"'=HYPERLINK(""http://x"",""y"")",1234.56,98.59`,
      `"逗号, and ""quotes""\nnew line",-0.05,100.00`,
      "'+1 555,1500,0.00",
      "none,,0.01",
      "",
    ]);
  });

  it("writes xlsx: numbers with the currency's format, percentages, text never a formula", async () => {
    const response = await fetch(`${base}/xlsx`);
    const { default: ExcelJS } = await import("exceljs");
    const workbook = new ExcelJS.Workbook();
    // exceljs's types predate Node's generic Buffer; any Buffer loads.
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const sheet = workbook.getWorksheet("测试")!;
    const row = (n: number) => [1, 2, 3].map((c) => sheet.getRow(n).getCell(c));
    expect(row(1).map((c) => c.value)).toEqual(["名称", "金额", "比率"]);
    expect(row(2).map((c) => c.value)).toEqual(['=HYPERLINK("http://x","y")', 1234.56, 0.9859]);
    expect(row(2).map((c) => c.type)).toEqual([
      ExcelJS.ValueType.String,
      ExcelJS.ValueType.Number,
      ExcelJS.ValueType.Number,
    ]);
    expect([row(2)[1]!.numFmt, row(2)[2]!.numFmt]).toEqual(['"¥"#,##0.00', "0.00%"]);
    expect([row(4)[1]!.value, row(4)[1]!.numFmt]).toEqual([1500, '#,##0 "JPY"']);
    expect(row(5)[1]!.value).toBeNull();
  });
});
