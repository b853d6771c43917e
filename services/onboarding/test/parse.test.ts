import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { buildErrorWorkbook } from "../src/domain/error-workbook.ts";
import { parseCsvFiles, parseWorkbook } from "../src/domain/parse.ts";
import { validateWorkbook } from "../src/domain/validate.ts";
import { ids, workbookOf } from "./support.ts";

const unitRow = (code: string) => [code, "Shop", 50];

describe("parseWorkbook: sheets, headers and rows as real workbooks have them", () => {
  it("matches headers in English without case or spaces, ignores unknown columns and sheets", async () => {
    const parsed = await parseWorkbook(
      await workbookOf({
        README: [["anything"]],
        " UNITS ": [
          ["  unit CODE ", "Remarks", "kind", "GROSS AREA (M²)*"],
          ["S-1", "corner", "Shop", "50"],
        ],
      }),
    );
    expect(parsed.errors).toEqual([]);
    const units = parsed.sheets.units!;
    expect([units.lang, units.headerRow, units.columns]).toEqual([
      "en",
      1,
      { code: 1, kind: 3, grossArea: 4 },
    ]);
    expect(units.rows[0]!.values).toEqual({ code: "S-1", kind: "shop", grossArea: 5000 });
  });

  it("finds a header row that is not row 1 and skips blank rows in between and after", async () => {
    const parsed = await parseWorkbook(
      await workbookOf({
        单元: [
          ["房源表"],
          [],
          ["说明：面积单位为平方米"],
          ["单元编码", "单元类型", "建筑面积"],
          unitRow("S-1"),
          [],
          unitRow("S-2"),
          [null, "  "],
          [],
        ],
      }),
    );
    expect(parsed.sheets.units!.headerRow).toBe(4);
    expect(parsed.sheets.units!.rows.map((r) => [r.row, r.values.code])).toEqual([
      [5, "S-1"],
      [7, "S-2"],
    ]);
  });

  it("reads a two-row header under merged cells, and a value merged down over rows", async () => {
    const parsed = await parseWorkbook(
      await workbookOf(
        {
          单元: [
            ["单元编码", "类型", "面积", null, "楼栋"],
            [null, null, "建筑面积", "使用面积", null],
            ["S-1", "商铺", 50, 40, "A栋"],
            ["S-2", "商铺", 60, 50, null],
          ],
        },
        { 单元: ["A1:A2", "B1:B2", "C1:D1", "E1:E2", "E3:E4"] },
      ),
    );
    const units = parsed.sheets.units!;
    expect(units.headerRow).toBe(2);
    expect(units.columns).toEqual({ code: 1, building: 5, kind: 2, grossArea: 3, usableArea: 4 });
    expect(units.rows.map((r) => r.values.building)).toEqual(["A栋", "A栋"]);
  });

  it("names each missing required column once, and each unreadable cell", async () => {
    const parsed = await parseWorkbook(
      await workbookOf({
        单元: [
          ["单元编码", "建筑面积"],
          ["S-1", "fifty"],
        ],
      }),
    );
    expect(parsed.errors.map((e) => [e.sheet, e.row, e.column, e.value, e.message.en])).toEqual([
      ["单元", 1, "单元类型", "", 'lacks the required column "Kind"'],
      ["单元", 2, "建筑面积", "fifty", "is not a number"],
    ]);
  });

  it("says so when the upload is not a workbook", async () => {
    const parsed = await parseWorkbook(Buffer.from("not a zip"));
    expect(parsed.errors.map((e) => e.message.en)).toEqual(["is not a readable .xlsx workbook"]);
  });
});

describe("parseCsvFiles", () => {
  it("reads UTF-8 with a byte-order mark, and GB 18030 as a Chinese Excel saves CSV", () => {
    const text = '单元编码,单元类型,建筑面积\r\nS-1,商铺,"1,050.5"\r\n';
    const gb = new Uint8Array([
      // "单元编码,单元类型,建筑面积\nS-2,商铺,60\n" in GB 18030
      0xb5, 0xa5, 0xd4, 0xaa, 0xb1, 0xe0, 0xc2, 0xeb, 0x2c, 0xb5, 0xa5, 0xd4, 0xaa, 0xc0, 0xe0,
      0xd0, 0xcd, 0x2c, 0xbd, 0xa8, 0xd6, 0xfe, 0xc3, 0xe6, 0xbb, 0xfd, 0x0a, 0x53, 0x2d, 0x32,
      0x2c, 0xc9, 0xcc, 0xc6, 0xcc, 0x2c, 0x36, 0x30, 0x0a,
    ]);
    const utf8 = parseCsvFiles([
      {
        name: "单元.csv",
        content: new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]),
      },
    ]);
    expect(utf8.sheets.units!.rows[0]!.values).toEqual({
      code: "S-1",
      kind: "shop",
      grossArea: 105050,
    });
    const chinese = parseCsvFiles([{ name: "whatever.csv", sheet: "units", content: gb }]);
    expect(chinese.errors).toEqual([]);
    expect(chinese.sheets.units!.rows[0]!.values).toEqual({
      code: "S-2",
      kind: "shop",
      grossArea: 6000,
    });
  });

  it("recognises a sheet by its file name", () => {
    const parsed = parseCsvFiles([{ name: "阳光花园-客户.csv", content: "客户名称\n张三\n" }]);
    expect(Object.keys(parsed.sheets)).toEqual(["customers"]);
  });
});

describe("buildErrorWorkbook", () => {
  const upload = () =>
    workbookOf({
      单元: [
        ["房源表"],
        ["单元编码", "单元类型", "建筑面积"],
        ["S-1", "商铺", 50],
        ["S-1", "城堡", "x"],
        ["S-3", "商铺", 0],
      ],
      客户: [
        ["客户名称", "客户类型", "证件类型", "证件号码"],
        ["张三", "个人", "身份证", ids.zhang],
      ],
    });

  async function errorBook(xlsx: Buffer, lang: "zh" | "en" = "zh") {
    const parsed = await parseWorkbook(xlsx);
    const result = validateWorkbook(parsed, { siteKey: "s", asOf: "2026-01-01" });
    if (result.ok) throw new Error("expected errors");
    const out = await buildErrorWorkbook({ xlsx }, parsed, result.errors, { lang });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(out as never);
    return { workbook, out, errors: result.errors };
  }

  it("writes each row's errors beside it, and a summary of every error", async () => {
    const { workbook, errors } = await errorBook(await upload());
    const units = workbook.getWorksheet("单元")!;
    expect(units.getCell("D2").value).toBe("错误");
    expect(units.getCell("A1").value).toBe("房源表"); // the upload as it was
    expect(units.getCell("D3").value).toBeNull();
    expect(units.getCell("D4").value).toBe(
      "单元类型：应为以下之一：住宅、高层住宅、别墅、写字楼、商铺、仓库、服务式公寓、地面车位、地下车位、车库、储藏室、设备\n建筑面积：不是数字\n单元编码：与第 3 行的单元编码重复",
    );
    expect(units.getCell("D5").value).toBe("建筑面积：应大于 0，整数部分最多 9 位");
    expect(workbook.getWorksheet("客户")!.getCell("E1").value).toBeNull(); // no errors, no column

    const summary = workbook.getWorksheet("错误汇总")!;
    expect(summary.getRow(2).values).toEqual([undefined, "单元", 3, 4]);
    expect(summary.getRow(8).values).toEqual([undefined, "合计", "", 4]);
    expect(summary.getRow(10).values).toEqual([undefined, "工作表", "行", "列", "值", "错误"]);
    expect(summary.getRow(11).values).toEqual([
      undefined,
      "单元",
      4,
      "单元类型",
      "城堡",
      errors[0]!.message.zh,
    ]);
    expect(summary.rowCount).toBe(10 + errors.length);
  });

  it("reuses its error column and summary when the error workbook comes back unfixed", async () => {
    const first = await errorBook(await upload(), "en");
    const second = await errorBook(first.out, "en");
    const units = second.workbook.getWorksheet("单元")!;
    expect(units.getCell("D2").value).toBe("Errors");
    expect(units.getCell("E2").value).toBeNull();
    expect(units.getCell("D5").value).toBe("建筑面积: must be above 0 with at most 9 whole digits");
    expect(second.errors).toEqual(first.errors);
    expect(second.workbook.worksheets.map((s) => s.name)).toEqual([
      "单元",
      "客户",
      "Error summary",
    ]);
  });

  it("turns CSV uploads into one workbook", async () => {
    const csv = [{ name: "单元.csv", content: "单元编码,单元类型,建筑面积\nS-1,商铺,-5\n" }];
    const parsed = parseCsvFiles(csv);
    const result = validateWorkbook(parsed, { siteKey: "s", asOf: "2026-01-01" });
    expect(result.ok).toBe(false);
    const out = await buildErrorWorkbook({ csv }, parsed, result.ok ? [] : result.errors, {
      lang: "en",
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(out as never);
    const sheet = workbook.getWorksheet("单元.csv")!;
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      "S-1",
      "商铺",
      "-5",
      "建筑面积: must not be negative",
    ]);
  });
});
