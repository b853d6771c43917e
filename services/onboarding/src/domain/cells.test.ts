import { describe, expect, it } from "vitest";
import {
  type Cell,
  type CellValue,
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
  toWhole,
} from "./cells.ts";
import { frequencyTerms, unitKindTerms } from "./vocabulary.ts";

const cell = (value: CellValue, percent = false): Cell =>
  percent ? { value, percent } : { value };
const utc = (text: string) => new Date(`${text}Z`);

describe("toMoney: yuan as written → fen, exactly", () => {
  it.each<[CellValue, number]>([
    [1234.5, 123450],
    [0, 0],
    [0.1 + 0.2, 30], // 0.30000000000000004 reads as 0.30 (15 significant digits)
    [1.1 * 3, 330],
    [6500, 650000],
    ["1234.5", 123450],
    ["1,234.50", 123450],
    ["¥1,234.5", 123450],
    ["￥ 1,234.50", 123450],
    ["１２３４.５", 123450], // full-width digits
    ["１，２３４．５０", 123450], // full-width comma and point
    ["1234.5元", 123450],
    ["RMB 88", 8800],
    ["  88.00  ", 8800],
    [".5", 50],
    ["1.500", 150], // trailing zeros beyond two decimals are harmless
    ["999999999999.99", 99999999999999],
    ["1,000,000", 100000000],
  ])("%j → %i", (value, expected) => {
    expect(toMoney(cell(value))).toEqual({ ok: true, value: expected });
  });

  it.each<[CellValue, string]>([
    ["1234.567", "must have at most 2 decimals"],
    [1234.567, "must have at most 2 decimals"],
    [0.0000001, "must have at most 2 decimals"],
    ["-5", "must not be negative"],
    [-5, "must not be negative"],
    ["(5.00)", "must not be negative"],
    ["1,23", "has thousands separators in the wrong places"],
    ["12,34.5", "has thousands separators in the wrong places"],
    ["abc", "is not a number"],
    ["1.2.3", "is not a number"],
    [".", "is not a number"],
    [true, "is not a number"],
    [1e22, "is too large"],
    ["99999999999999999999", "is too large"],
  ])("%j is refused: %s", (value, message) => {
    const result = toMoney(cell(value));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message.en).toBe(message);
      expect(result.message.zh).not.toBe("");
    }
  });
});

describe("toArea: m² → hundredths", () => {
  it.each<[CellValue, number]>([
    [85.5, 8550],
    ["85.50㎡", 8550],
    ["85.5 m2", 8550],
    ["85.5平方米", 8550],
    ["120平米", 12000],
    ["８５．５", 8550],
  ])("%j → %i", (value, expected) => {
    expect(toArea(cell(value))).toEqual({ ok: true, value: expected });
  });

  it("refuses a third decimal", () => {
    expect(toArea(cell("85.555")).ok).toBe(false);
  });
});

describe("toWhole", () => {
  it.each<[CellValue, number]>([
    [15, 15],
    ["15", 15],
    ["15天", 15],
    ["５日", 5],
    ["2个月", 2],
    [3.0, 3],
  ])("%j → %i", (value, expected) => {
    expect(toWhole(cell(value))).toEqual({ ok: true, value: expected });
  });

  it.each<CellValue>([1.5, "1.5", "-1", "x"])("%j is refused", (value) => {
    expect(toWhole(cell(value)).ok).toBe(false);
  });
});

describe("toBasisPoints: percentages", () => {
  it.each<[Cell, number]>([
    [cell("5%"), 500],
    [cell("5"), 500],
    [cell("５％"), 500],
    [cell("0.05%"), 5],
    [cell(5), 500],
    [cell(0.05, true), 500], // a percent-formatted cell holds the fraction
    [cell(0.0005, true), 5],
    [cell(1, true), 10_000],
    [cell("12.5%"), 1250],
  ])("%j → %i bp", (value, expected) => {
    expect(toBasisPoints(value)).toEqual({ ok: true, value: expected });
  });

  it("refuses a percentage finer than 0.01 %", () => {
    const result = toBasisPoints(cell("0.005%"));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.en).toMatch(/percentage with at most 2 decimals/);
  });
});

describe("toDate: civil dates from every form", () => {
  it.each<[CellValue, string]>([
    ["2026-01-01", "2026-01-01"],
    ["2026/1/1", "2026-01-01"],
    ["2026.1.1", "2026-01-01"],
    ["2026年1月1日", "2026-01-01"],
    ["2026 年 1 月 1 日", "2026-01-01"],
    ["2026年12月31号", "2026-12-31"],
    ["２０２６／３／５", "2026-03-05"], // full-width
    ["20260101", "2026-01-01"],
    ["2026-01-01 00:00:00", "2026-01-01"],
    ["2026/1/1 9:30", "2026-01-01"],
    [" 2024-02-29 ", "2024-02-29"],
    [46023, "2026-01-01"], // Excel serial
    ["46023", "2026-01-01"], // a serial saved as text
    [46023.75, "2026-01-01"], // a serial with a time of day
    [20260101, "2026-01-01"], // yyyymmdd typed as a number
    [utc("2026-01-01T00:00:00"), "2026-01-01"], // a date cell: midnight UTC
    [utc("2025-12-31T23:59:59.999"), "2026-01-01"], // serial arithmetic a hair short of midnight
    [utc("2026-01-01T18:00:00"), "2026-01-01"],
  ])("%j → %s", (value, expected) => {
    expect(toDate(cell(value))).toEqual({ ok: true, value: expected });
  });

  it.each<[CellValue, string]>([
    ["2026-02-30", "is not a day of the calendar"],
    ["2023年2月29日", "is not a day of the calendar"],
    ["1/1/2026", "must be a date such as 2026-01-01, 2026/1/1, 2026.1.1 or 2026年1月1日"],
    ["26-1-1", "must be a date such as 2026-01-01, 2026/1/1, 2026.1.1 or 2026年1月1日"],
    ["2026-1/1", "must be a date such as 2026-01-01, 2026/1/1, 2026.1.1 or 2026年1月1日"],
    ["明天", "must be a date such as 2026-01-01, 2026/1/1, 2026.1.1 or 2026年1月1日"],
    [12, "must be a date such as 2026-01-01, 2026/1/1, 2026.1.1 or 2026年1月1日"],
    [true, "must be a date such as 2026-01-01, 2026/1/1, 2026.1.1 or 2026年1月1日"],
  ])("%j is refused: %s", (value, message) => {
    const result = toDate(cell(value));
    expect(result.ok ? result.value : result.message.en).toBe(message);
  });
});

describe("text, identifiers, blanks", () => {
  it.each<[CellValue, string]>([
    ["  A-101  ", "A-101"],
    ["Ａ－１０１", "A-101"], // full-width letters, hyphen and digits
    ["张\u3000三", "张 三"], // ideographic space
    ["A\u200b101", "A101"], // zero-width space
    ["a  b\n c", "a b c"],
    [101, "101"],
    [85.5, "85.5"],
    [true, "TRUE"],
    [utc("2026-03-01T00:00:00"), "2026-03-01"],
    [null, ""],
  ])("cellText(%j) = %j", (value, expected) => {
    expect(cellText(cell(value))).toBe(expected);
  });

  it("shows a percent-formatted cell as a percentage", () => {
    expect(cellText(cell(0.05, true))).toBe("5%");
    expect(cellText(cell(0.0005, true))).toBe("0.05%");
  });

  it.each<[CellValue, boolean]>([
    [null, true],
    ["", true],
    ["   ", true],
    ["\u3000", true],
    [0, false],
    ["0", false],
  ])("isBlank(%j) = %s", (value, expected) => {
    expect(isBlank(cell(value))).toBe(expected);
  });

  it("refuses an ID number that a number cell has already rounded", () => {
    const rounded = toIdentifier(cell(110105194912310020), 40);
    expect(rounded.ok).toBe(false);
    if (!rounded.ok) expect(rounded.message.en).toMatch(/lost its last digits/);
    expect(toIdentifier(cell(1001), 40)).toEqual({ ok: true, value: "1001" });
  });

  it("refuses text longer than its column allows, or NUL", () => {
    expect(toIdentifier(cell("x".repeat(41)), 40).ok).toBe(false);
    expect(toIdentifier(cell("a\u0000b"), 40).ok).toBe(false);
  });
});

describe("exceljs values", () => {
  it.each<[unknown, CellValue]>([
    [{ richText: [{ text: "A-" }, { text: "101" }] }, "A-101"],
    [{ formula: "B2*2", result: 130 }, 130],
    [{ sharedFormula: "B2", result: "x" }, "x"],
    [{ formula: "A1", result: { error: "#N/A" } }, "#N/A"],
    [{ formula: "A1" }, null], // never calculated
    [{ text: "mail me", hyperlink: "mailto:a@b.cn" }, "mail me"],
    [{ error: "#DIV/0!" }, "#DIV/0!"],
    [undefined, null],
  ])("%j → %j", (value, expected) => {
    expect(cellFromExcel(value).value).toEqual(expected);
  });

  it("marks number cells with a percent format", () => {
    expect(cellFromExcel(0.05, "0.00%")).toEqual({ value: 0.05, percent: true });
    expect(cellFromExcel("5%", "0.00%")).toEqual({ value: "5%" });
  });
});

describe("terms, booleans, lists, steps, ranges", () => {
  it.each<[string, string]>([
    ["地下车位", "parking_underground"],
    ["Underground parking space", "parking_underground"],
    ["PARKING_UNDERGROUND", "parking_underground"],
    ["parking-underground", "parking_underground"],
    ["公寓", "apartment"],
    [" 写字楼 ", "office"],
  ])("unit kind %j → %s", (text, code) => {
    expect(toTerm(cell(text), unitKindTerms)).toEqual({ ok: true, value: code });
  });

  it("lists the choices when a term is unknown", () => {
    const result = toTerm(cell("每周"), frequencyTerms);
    expect(result.ok ? "" : result.message.zh).toBe("应为以下之一：月付、季付、半年付、年付");
  });

  it.each<[CellValue, boolean]>([
    ["是", true],
    ["否", false],
    ["Y", true],
    ["no", false],
    ["√", true],
    [true, true],
    [1, true],
    [0, false],
  ])("boolean %j → %s", (value, expected) => {
    expect(toBoolean(cell(value))).toEqual({ ok: true, value: expected });
  });

  it("splits lists at commas, semicolons, 、 and line breaks (words also at spaces)", () => {
    expect(splitList(cell("A-101, A-102；A-103、A-104\nA-105 A-106"), "words")).toEqual([
      "A-101",
      "A-102",
      "A-103",
      "A-104",
      "A-105",
      "A-106",
    ]);
    expect(splitList(cell("138 0013 8000，139-0013-9000\n+86 10 1234 5678"), "phrases")).toEqual([
      "138 0013 8000",
      "139-0013-9000",
      "+86 10 1234 5678",
    ]);
  });

  it("reads rent steps and rent-free ranges", () => {
    expect(toSteps(cell("2027-01-01=7,000; 2028年1月1日：7500.50"))).toEqual({
      ok: true,
      value: [
        { from: "2027-01-01", valueMinor: 700000 },
        { from: "2028-01-01", valueMinor: 750050 },
      ],
    });
    expect(
      toRanges(cell("2026-01-01~2026-01-31\n2027/1/1 至 2027/1/15；2028.1.1 - 2028.1.2")),
    ).toEqual({
      ok: true,
      value: [
        { from: "2026-01-01", to: "2026-01-31" },
        { from: "2027-01-01", to: "2027-01-15" },
        { from: "2028-01-01", to: "2028-01-02" },
      ],
    });
    expect(toSteps(cell("2027-01-01 7000")).ok).toBe(false);
    expect(toRanges(cell("2026-01-01")).ok).toBe(false);
  });
});
