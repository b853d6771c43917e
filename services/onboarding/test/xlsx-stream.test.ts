import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { type Cell, cellFromExcel } from "../src/domain/cells.ts";
import { type Grid, type ParsedWorkbook, parseGrids, parseWorkbook } from "../src/domain/parse.ts";
import { buildTemplate } from "../src/domain/template.ts";
import { fillTemplate, ids } from "./support.ts";

// parseWorkbook streams each worksheet (domain/xlsx-rows.ts). Before, the dry run loaded the
// whole workbook into exceljs's model and read it as grids; that reading is kept here as the
// reference every workbook below must read the same as — merges, shared and inline strings,
// rich text, formula results, dates and percentages by number format, blank rows, several
// sheets — besides what each test states outright.

/** The reading before streaming: exceljs's workbook model, each worksheet as a grid. */
async function parseWithModel(xlsx: Uint8Array): Promise<ParsedWorkbook | "unreadable"> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(xlsx as never);
  } catch {
    return "unreadable";
  }
  return parseGrids(workbook.worksheets.map(gridOfWorksheet));
}

function gridOfWorksheet(worksheet: ExcelJS.Worksheet): Grid {
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

async function streamed(xlsx: Uint8Array): Promise<ParsedWorkbook | "unreadable"> {
  const parsed = await parseWorkbook(xlsx);
  const unreadable = parsed.errors.some((e) => e.message.en === "is not a readable .xlsx workbook");
  return unreadable ? "unreadable" : parsed;
}

/** Edits entries of an .xlsx as another program could have written them. */
function rewrite(xlsx: Uint8Array, edits: Record<string, (xml: string) => string>): Buffer {
  const files = unzipSync(xlsx);
  for (const [path, edit] of Object.entries(edits)) {
    files[path] = strToU8(edit(strFromU8(files[path]!)));
  }
  return Buffer.from(zipSync(files));
}

const date = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** Merged headers and values, rich text, formulas, dates, percentages, blank rows, 4 sheets. */
async function edgeWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("说明").getCell("A1").value = "请按表头填写";

  const units = workbook.addWorksheet("单元");
  units.getCell("A1").value = "阳光花园 房源表";
  units.mergeCells("A1:G1");
  units.getRow(2).values = ["单元编码", "单元类型", "面积", null, "楼栋", "挂牌月租金(元)", "状态"];
  units.getRow(3).values = [null, null, "建筑面积", "使用面积"];
  for (const range of ["A2:A3", "B2:B3", "C2:D2", "E2:E3", "F2:F3", "G2:G3"]) {
    units.mergeCells(range);
  }
  const rich = { richText: [{ text: "商" }, { font: { bold: true }, text: "铺" }] };
  units.addRow(["S-1", rich, 50, { formula: "C4*0.8", result: 40 }, "A栋", 6500, "已出租"]);
  units.addRow(["S-2", "商铺", 60, null, null, { formula: "F4*2", result: 13000 }, "空置"]);
  units.addRow(["S-3", "商铺", { formula: "1/0", result: { error: "#DIV/0!" } }, null, null, 1]);
  units.addRow(["S-4", "住宅", "90.5", null, null, "¥1,200.00", "空置"]);
  units.mergeCells("E4:E7"); // one building down four rows
  units.addRow(["S-5", "车库", 12.5, null, "B栋", 300]);
  units.addRow([null, "  "]); // trailing: white space only
  units.getCell("C12").numFmt = "0.00"; // and a styled, empty cell further down

  const customers = workbook.addWorksheet("客户");
  customers.addRow(["客户名称", "客户类型", "证件类型", "证件号码", "联系电话", "同意短信通知"]);
  customers.addRow([
    "张三",
    "个人",
    "身份证",
    ids.zhang,
    "13800000000",
    { formula: "1=1", result: true },
  ]);

  const leases = workbook.addWorksheet("合同");
  leases.addRow([
    "合同编号",
    "客户证件号码",
    "单元编码",
    "开始日期",
    "结束日期",
    "年递增率",
    "合同押金(元)",
  ]);
  leases.addRow([
    "L-1",
    ids.zhang,
    "S-1",
    date("2026-01-01"),
    46752,
    0.05,
    { formula: "6500*2", result: 13000 },
  ]);
  leases.addRow([
    "L-2",
    ids.zhang,
    "S-2",
    "2026/2/1",
    { formula: "D2+730", result: date("2027-12-31") },
    "3%",
    0,
  ]);
  leases.getCell("D2").numFmt = "yyyy/m/d";
  leases.getCell("E2").numFmt = "yyyy-mm-dd"; // a number in a date format is a date
  leases.getCell("F2").numFmt = "0%";
  leases.getCell("E3").numFmt = "yyyy-mm-dd"; // so is a formula's number result

  // A second units sheet: the first one counts.
  workbook.addWorksheet("Units").addRow(["Unit code", "Kind", "Gross area"]);
  workbook.getWorksheet("Units")!.addRow(["X-1", "Shop", 1]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe("parseWorkbook streams a workbook and reads it as exceljs's workbook model did", () => {
  it("reads merged headers and values, rich text, formulas, dates and blank rows the same", async () => {
    const xlsx = await edgeWorkbook();
    const parsed = await parseWorkbook(xlsx);
    expect(parsed).toEqual(await parseWithModel(xlsx));

    const units = parsed.sheets.units!;
    expect([units.name, units.headerRow]).toEqual(["单元", 3]);
    expect(units.columns).toEqual({
      code: 1,
      building: 5,
      kind: 2,
      grossArea: 3,
      usableArea: 4,
      listRent: 6,
      status: 7,
    });
    expect(units.rows.map((r) => [r.row, r.values.code, r.values.building, r.values.kind])).toEqual(
      [
        [4, "S-1", "A栋", "shop"], // rich text
        [5, "S-2", "A栋", "shop"],
        [6, "S-3", "A栋", "shop"],
        [7, "S-4", "A栋", "apartment"],
        [8, "S-5", "B栋", "parking_garage"],
      ],
    );
    expect(units.rows[0]!.values.usableArea).toBe(4000); // a formula's result
    expect(units.rows[1]!.values.listRent).toBe(1300000);
    const unitErrors = parsed.errors.filter((e) => e.sheet === "单元");
    expect(unitErrors.map((e) => [e.row, e.column, e.value])).toEqual([[6, "建筑面积", "#DIV/0!"]]);

    expect(parsed.sheets.customers!.rows[0]!.values.consentSms).toBe(true); // a TRUE result
    const leases = parsed.sheets.leases!.rows.map((r) => r.values);
    expect(leases.map((l) => [l.startDate, l.endDate, l.escalationRate, l.deposit])).toEqual([
      ["2026-01-01", "2027-12-31", 500, 1300000],
      ["2026-02-01", "2027-12-31", 300, 0],
    ]);
  });

  it("reads the template, a filled template and a LibreOffice workbook the same", async () => {
    const libreOffice = readFileSync(new URL("./fixtures/libreoffice-messy.xlsx", import.meta.url));
    const filled = await fillTemplate({
      units: [{ code: "S-1", kind: "商铺", grossArea: 50 }],
      customers: [{ name: "张三", kind: "个人", idType: "身份证", idNumber: ids.zhang }],
    });
    for (const xlsx of [libreOffice, await buildTemplate(), filled]) {
      expect(await parseWorkbook(xlsx)).toEqual(await parseWithModel(xlsx));
    }
  });

  it("reads Chinese text whole where the zip's chunks cut a character in two", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("客户");
    sheet.addRow(["客户名称", "客户类型", "证件类型", "证件号码", "标签"]);
    const names = Array.from({ length: 3000 }, (_, i) => `测试客户第${i}号阳光花园`);
    for (const [i, name] of names.entries()) {
      sheet.addRow([name, "个人", "护照", `P${i}`, { richText: [{ text: `标签${i}，重要` }] }]);
    }
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const parsed = await parseWorkbook(xlsx);
    expect(parsed.sheets.customers!.rows.map((r) => r.values.name)).toEqual(names);
    expect(parsed).toEqual(await parseWithModel(xlsx));
  });

  it("fills the rows a merge covers that the file leaves out", async () => {
    const xlsx = rewrite(await edgeWorkbook(), {
      "xl/worksheets/sheet2.xml": (xml) => xml.replace(/<row r="6".*?<\/row>/, ""),
    });
    const parsed = await parseWorkbook(xlsx);
    expect(parsed).toEqual(await parseWithModel(xlsx));
    const rows = parsed.sheets.units!.rows;
    expect(rows.find((r) => r.row === 6)?.values).toEqual({ building: "A栋" });
  });

  it("reads inline strings, rich or with `&`, and shared strings with phonetics or `_x000D_`", async () => {
    const xlsx = rewrite(await edgeWorkbook(), {
      "xl/worksheets/sheet2.xml": (xml) =>
        xml
          .replace(
            /<c r="A4"[^>]*>.*?<\/c>/,
            '<c r="A4" t="inlineStr"><is><r><t>S</t></r><r><rPr><b/></rPr><t>-1</t></r></is></c>',
          )
          .replace(
            /<c r="G5"[^>]*>.*?<\/c>/,
            '<c r="G5" t="inlineStr"><is><t>&amp;lt;</t></is></c>',
          ),
      "xl/sharedStrings.xml": (xml) =>
        xml
          .replace("<si><t>A栋</t></si>", '<si><t>A栋</t><rPh sb="0" eb="1"><t>エー</t></rPh></si>')
          .replace(
            "<si><t>13800000000</t></si>",
            "<si><t>13800000000_x000D_\n13900000000</t></si>",
          ),
    });
    const parsed = await parseWorkbook(xlsx);
    expect(parsed).toEqual(await parseWithModel(xlsx));
    const units = parsed.sheets.units!;
    expect(units.rows.map((r) => r.values.building)).toEqual(["A栋", "A栋", "A栋", "A栋", "B栋"]);
    expect(units.rows[0]!.values.code).toBe("S-1");
    expect(units.rows[1]!.text.status).toBe("&lt;");
    expect(parsed.sheets.customers!.rows[0]!.values.phones).toEqual(["13800000000", "13900000000"]);
  });

  it("reads a formula's error result as its text, and a date system of 1904", async () => {
    const xlsx = rewrite(await edgeWorkbook(), {
      "xl/workbook.xml": (xml) => xml.replace("<workbookPr", '<workbookPr date1904="1"'),
    });
    const parsed = await parseWorkbook(xlsx);
    expect(parsed).toEqual(await parseWithModel(xlsx));
    expect(parsed.sheets.leases!.rows[0]!.values.endDate).toBe("2032-01-01"); // 46752 counted from 1904
  });

  it("refuses a workbook whose merges overlap, as before", async () => {
    const xlsx = rewrite(await edgeWorkbook(), {
      "xl/worksheets/sheet2.xml": (xml) =>
        xml.replace("</mergeCells>", '<mergeCell ref="E6:F9"/></mergeCells>'),
    });
    expect(await parseWithModel(xlsx)).toBe("unreadable");
    expect(await streamed(xlsx)).toBe("unreadable");
  });

  it("refuses a sheet whose rows go back (the workbook model read them)", async () => {
    const xlsx = rewrite(await edgeWorkbook(), {
      "xl/worksheets/sheet2.xml": (xml) => {
        const row8 = /<row r="8".*?<\/row>/.exec(xml)![0];
        return xml.replace(row8, "").replace(/<row r="4"/, `${row8}<row r="4"`);
      },
    });
    expect(await streamed(xlsx)).toBe("unreadable");
  });

  it("says a zip that is not a workbook, or a cut-off file, is not readable", async () => {
    const xlsx = await edgeWorkbook();
    const notWorkbook = Buffer.from(zipSync({ "hello.txt": strToU8("hello") }));
    expect(await streamed(notWorkbook)).toEqual(await parseWithModel(notWorkbook));
    expect(await streamed(xlsx.subarray(0, xlsx.length - 100))).toBe("unreadable");
  });
});
