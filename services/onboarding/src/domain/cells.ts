/**
 * Cells as real spreadsheets hold them, turned into exact values. A spreadsheet says `1,234.50`,
 * `¥1234.5`, `１２３４.５` (full-width) or the number 1234.5 for the same rent; `2026/1/1`,
 * `2026年1月1日`, `2026.1.1`, an Excel serial (46023) or a date cell for the same day. Each
 * converter takes one non-blank {@link Cell} and returns the value or a bilingual message; none
 * rounds, guesses a century or reads a day-month order.
 *
 * Money never passes through a float: text is parsed as a decimal string into integer minor
 * units (more than two decimals is refused, not rounded). A number cell is a float already; it is
 * first written with 15 significant digits — what the spreadsheet itself shows at full precision —
 * so `=1.1*3` (3.3000000000000003) reads as 3.30 and 1234.567 is refused.
 */
import { civilDate, fromEpochDay, isCivilDate } from "@slms/primitives/civil-date";
import { booleanTerms, lookupTerm, type Message, type Vocabulary } from "./vocabulary.ts";

/** A cell's value after formula results and rich text are resolved. */
export type CellValue = string | number | boolean | Date | null;

export interface Cell {
  value: CellValue;
  /** The cell's number format shows a percentage (a number cell 0.05 displayed as 5%). */
  percent?: boolean;
}

export type Converted<T> = { ok: true; value: T } | { ok: false; message: Message };

const ok = <T>(value: T): Converted<T> => ({ ok: true, value });
const fail = (zh: string, en: string): Converted<never> => ({ ok: false, message: { zh, en } });

/**
 * An exceljs cell value (`cell.value`) as a {@link Cell}: a formula's or shared formula's result,
 * rich text joined, a hyperlink's text, an error (`#N/A`) as its text.
 */
export function cellFromExcel(value: unknown, numFmt?: string): Cell {
  const percent = typeof numFmt === "string" && numFmt.includes("%");
  const plain = excelPlain(value);
  return percent && typeof plain === "number" ? { value: plain, percent } : { value: plain };
}

function excelPlain(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return value;
  }
  if (value instanceof Date) return value;
  if (typeof value !== "object") return String(value);
  const object = value as Record<string, unknown>;
  if (Array.isArray(object.richText)) {
    return object.richText.map((run) => String((run as { text?: unknown }).text ?? "")).join("");
  }
  if ("formula" in object || "sharedFormula" in object) return excelPlain(object.result);
  if ("error" in object) return String(object.error);
  if ("text" in object) return excelPlain(object.text);
  return null;
}

/**
 * Text as compared and stored: NFKC (full-width digits, letters and punctuation become ASCII;
 * the ideographic space a space), zero-width characters dropped, runs of white space one space,
 * trimmed.
 */
export function normaliseText(text: string): string {
  return text
    .normalize("NFKC")
    .replaceAll(/[\u200b-\u200d\u2060\ufeff]/g, "")
    .replaceAll(/\s+/g, " ")
    .trim();
}

/** Whether a cell holds nothing (or only white space). */
export function isBlank(cell: Cell | undefined): boolean {
  if (!cell || cell.value === null) return true;
  return typeof cell.value === "string" && normaliseText(cell.value) === "";
}

/** The cell as the text a user recognises in an error report. */
export function cellText(cell: Cell | undefined): string {
  if (!cell || cell.value === null) return "";
  const { value } = cell;
  if (typeof value === "string") return normaliseText(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : dateOfJsDate(value);
  const text = numberText(value);
  if (text === null) return String(value);
  if (!cell.percent) return text;
  // A percent-formatted cell shows 0.05 as 5%: say so in reports too.
  const units = value >= 0 ? parseDecimal(text, 4) : null;
  return units?.ok ? `${formatScaled(units.value, 2)}%` : text;
}

/** `units` ÷ 10^`scale` as a plain decimal string: (12345n, 2) → "123.45"; (500n, 2) → "5". */
export function formatScaled(units: bigint, scale: number): string {
  const digits = units.toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, "");
  return fraction === "" ? whole : `${whole}.${fraction}`;
}

/**
 * The text of a cell with its line breaks kept (lists split at them), normalised like
 * {@link normaliseText} otherwise.
 */
export function cellLines(cell: Cell): string[] {
  const raw = typeof cell.value === "string" ? cell.value : cellText(cell);
  return raw.split(/\r?\n|\r/).map(normaliseText);
}

/** A number as the spreadsheet shows it at full precision, or null for ±∞, NaN, exponents. */
function numberText(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  const text = String(Number(value.toPrecision(15)));
  return /e/i.test(text) ? null : text;
}

/** Text of at most `max` characters that PostgreSQL can store (no NUL, no lone surrogate). */
export function toText(cell: Cell, max: number): Converted<string> {
  const text = cellText(cell);
  if (text.includes("\u0000") || !text.isWellFormed()) {
    return fail(
      "含有无法保存的字符",
      "has characters that cannot be stored (NUL or a lone surrogate)",
    );
  }
  if (text.length > max) return fail(`不能超过 ${max} 个字符`, `must be at most ${max} characters`);
  return ok(text);
}

/**
 * An identifier typed into a cell (ID number, code): a number cell is accepted only while it
 * still holds every digit — an 18-digit ID number saved as a number has lost its last ones.
 */
export function toIdentifier(cell: Cell, max: number): Converted<string> {
  if (typeof cell.value === "number" && !Number.isSafeInteger(cell.value)) {
    return fail(
      "以数字格式保存，已丢失末几位，请把该列设为文本格式后重新填写",
      "was saved as a number and lost its last digits: format the column as text and type it again",
    );
  }
  return toText(cell, max);
}

/**
 * A non-negative decimal as integer units of 10^-`scale` (`scale` 2: minor units, hundredths):
 * `"1,234.5"` → 123450n. Thousands separators must group by three; trailing zeros beyond
 * `scale` are fine, other digits are refused.
 */
export function parseDecimal(text: string, scale: number): Converted<bigint> {
  let t = text.replaceAll(" ", "");
  if (/^\(.*\)$/.test(t) || t.startsWith("-")) return fail("不能为负数", "must not be negative");
  if (t.startsWith("+")) t = t.slice(1);
  if (t.includes(",")) {
    if (!/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(t)) {
      return fail("千位分隔符位置不对", "has thousands separators in the wrong places");
    }
    t = t.replaceAll(",", "");
  }
  const match = /^(\d*)(?:\.(\d*))?$/.exec(t);
  if (!match || (match[1] === "" && (match[2] ?? "") === "")) {
    return fail("不是数字", "is not a number");
  }
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > scale) {
    return scale === 0
      ? fail("必须是整数", "must be a whole number")
      : fail(`最多 ${scale} 位小数`, `must have at most ${scale} decimals`);
  }
  const whole = BigInt(match[1] || "0");
  return ok(whole * 10n ** BigInt(scale) + BigInt(fraction.padEnd(scale, "0") || "0"));
}

/** A cell's decimal text: a number cell at full display precision, text normalised. */
function decimalText(cell: Cell): Converted<string> {
  const { value } = cell;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return fail("不是数字", "is not a number");
    if (value < 0) return fail("不能为负数", "must not be negative");
    const text = numberText(value);
    if (text !== null) return ok(text);
    return value < 1
      ? fail("最多 2 位小数", "must have at most 2 decimals")
      : fail("数值过大", "is too large");
  }
  if (typeof value !== "string") return fail("不是数字", "is not a number");
  return ok(normaliseText(value));
}

function toSafe(units: bigint): Converted<number> {
  return units > BigInt(Number.MAX_SAFE_INTEGER)
    ? fail("数值过大", "is too large")
    : ok(Number(units));
}

const currencyMarks = /^(?:¥|rmb|cny|人民币)|(?:元|rmb|cny)$/gi;

/** An amount of money in minor units (fen): `¥1,234.50`, `1234.5元`, 1234.5 → 123450. */
export function toMoney(cell: Cell): Converted<number> {
  const text = decimalText(cell);
  if (!text.ok) return text;
  const decimal = parseDecimal(text.value.replaceAll(currencyMarks, "").trim(), 2);
  return decimal.ok ? toSafe(decimal.value) : decimal;
}

const areaUnits = /(?:m2|m²|平方米|平米|平方|平)$/i;

/** An area in hundredths of a m²: `85.5`, `85.50㎡`, `85.5平方米` → 8550. */
export function toArea(cell: Cell): Converted<number> {
  const text = decimalText(cell);
  if (!text.ok) return text;
  const decimal = parseDecimal(text.value.replace(areaUnits, "").trim(), 2);
  return decimal.ok ? toSafe(decimal.value) : decimal;
}

const wholeUnits = /(?:天|日|号|个月|月|期)$/;

/** A whole number: `15`, `15天`, `１５` → 15. */
export function toWhole(cell: Cell): Converted<number> {
  const text = decimalText(cell);
  if (!text.ok) return text;
  const decimal = parseDecimal(text.value.replace(wholeUnits, "").trim(), 0);
  return decimal.ok ? toSafe(decimal.value) : decimal;
}

/**
 * A percentage in basis points (1 bp = 0.01 %): `5%`, `5`, `５％` → 500; `0.05%` → 5; a number
 * cell formatted as a percentage (0.05 shown as 5%) → 500. A bare number is a percentage.
 */
export function toBasisPoints(cell: Cell): Converted<number> {
  const text = decimalText(cell);
  if (!text.ok) return text;
  // A percent-formatted number cell holds the fraction: 0.05 is 5 % is 500 bp (4 decimals).
  const scale = cell.percent && typeof cell.value === "number" ? 4 : 2;
  const decimal = parseDecimal(text.value.replace(/%$/, "").trim(), scale);
  if (!decimal.ok) {
    return decimal.message.en.startsWith("must have at most")
      ? fail(
          "百分比最多 2 位小数（如 0.05%）",
          "must be a percentage with at most 2 decimals (0.05%)",
        )
      : decimal;
  }
  return toSafe(decimal.value);
}

const datePatterns: readonly RegExp[] = [
  /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/,
  /^(\d{4})(年)(\d{1,2})月(\d{1,2})[日号]?$/,
  /^(\d{4})()(\d{2})(\d{2})$/,
];

const dateFormats = {
  zh: "日期格式应为 2026-01-01、2026/1/1、2026.1.1 或 2026年1月1日",
  en: "must be a date such as 2026-01-01, 2026/1/1, 2026.1.1 or 2026年1月1日",
};

/** Excel's day 0 is 1899-12-30 (serials from 61 on; day 60 is the 1900-02-29 that never was). */
const EXCEL_EPOCH_OFFSET = 25569;

/** A civil date `YYYY-MM-DD`: a date cell, an Excel serial, or text in the common formats. */
export function toDate(cell: Cell): Converted<string> {
  const { value } = cell;
  if (value instanceof Date) {
    return Number.isNaN(value.getTime())
      ? fail(dateFormats.zh, dateFormats.en)
      : ok(dateOfJsDate(value));
  }
  if (typeof value === "number") return dateOfNumber(value);
  if (typeof value !== "string") return fail(dateFormats.zh, dateFormats.en);
  // A time of day after the date is dropped; spaces inside the date are not meaningful.
  const full = normaliseText(value);
  const time = full.search(/[ T]\d{1,2}:\d{2}/);
  const text = (time > 0 ? full.slice(0, time) : full).replaceAll(" ", "");
  if (/^\d{5}(\.\d+)?$/.test(text)) return dateOfNumber(Number(text));
  for (const pattern of datePatterns) {
    const match = pattern.exec(text);
    if (!match) continue;
    const date = `${match[1]}-${match[3]!.padStart(2, "0")}-${match[4]!.padStart(2, "0")}`;
    return isCivilDate(date) ? ok(date) : fail("不存在这一天", "is not a day of the calendar");
  }
  return fail(dateFormats.zh, dateFormats.en);
}

function dateOfNumber(value: number): Converted<string> {
  if (Number.isInteger(value) && value >= 19000101 && value <= 29991231) {
    const date = `${String(value).slice(0, 4)}-${String(value).slice(4, 6)}-${String(value).slice(6)}`;
    return isCivilDate(date) ? ok(date) : fail("不存在这一天", "is not a day of the calendar");
  }
  if (!Number.isFinite(value) || value < 61 || value > 2958465)
    return fail(dateFormats.zh, dateFormats.en);
  return ok(fromEpochDay(Math.floor(value) - EXCEL_EPOCH_OFFSET));
}

/**
 * The civil date of a date cell. Spreadsheet readers (exceljs among them) give a date cell as
 * that day's midnight UTC (plus the time of day, if any), whatever the machine's zone.
 */
function dateOfJsDate(value: Date): string {
  // Serial arithmetic can land a hair before midnight: round to the minute first.
  const rounded = new Date(Math.round(value.getTime() / 60_000) * 60_000);
  return civilDate(rounded.getUTCFullYear(), rounded.getUTCMonth() + 1, rounded.getUTCDate());
}

/** The code of a vocabulary term the cell names. */
export function toTerm<C extends string>(cell: Cell, vocabulary: Vocabulary<C>): Converted<C> {
  const code = lookupTerm(vocabulary, cellText(cell));
  if (code !== undefined) return ok(code);
  const zh = vocabulary.map((t) => t.zh).join("、");
  const en = vocabulary.map((t) => t.en).join(", ");
  return fail(`应为以下之一：${zh}`, `must be one of: ${en}`);
}

/** Yes or no: 是/否, Y/N, TRUE/FALSE, 1/0, √/×, or a boolean cell. */
export function toBoolean(cell: Cell): Converted<boolean> {
  if (typeof cell.value === "boolean") return ok(cell.value);
  const answer = lookupTerm(booleanTerms, cellText(cell));
  return answer === undefined ? fail("应为“是”或“否”", "must be yes or no") : ok(answer === "yes");
}

/**
 * Several values in one cell. `words` (codes, tags) split at commas, semicolons, 、, line breaks
 * and spaces; `phrases` (phone numbers, which people type with spaces) not at spaces.
 */
export function splitList(cell: Cell, kind: "words" | "phrases"): string[] {
  const separators = kind === "words" ? /[,;、\s]+/ : /[,;、/]+/;
  return cellLines(cell)
    .flatMap((line) => line.split(separators))
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

/** One step of a stepped rent: from `from`, the rent (or rate per m²) is `valueMinor`. */
export interface RentStep {
  from: string;
  valueMinor: number;
}

/** Steps as `2027-01-01=11000; 2028-01-01=12,000` (`=` or `:`, steps apart by `;` `、` or lines). */
export function toSteps(cell: Cell): Converted<RentStep[]> {
  const steps: RentStep[] = [];
  for (const part of cellLines(cell).flatMap((line) => line.split(/[;、]+/))) {
    if (part.trim() === "") continue;
    const match = /^(.+?)\s*[=:]\s*(.+)$/.exec(part.trim());
    const from = match ? toDate({ value: match[1]! }) : null;
    const amount = match ? toMoney({ value: match[2]! }) : null;
    if (!from?.ok || !amount?.ok) {
      return fail(
        `“${part.trim()}”应写成 日期=金额，如 2027-01-01=11000；多段用分号隔开`,
        `"${part.trim()}" must be date=amount, e.g. 2027-01-01=11000; steps apart by ;`,
      );
    }
    steps.push({ from: from.value, valueMinor: amount.value });
  }
  return ok(steps);
}

/** An inclusive range of civil dates. */
export interface DateRange {
  from: string;
  to: string;
}

/** Ranges as `2026-01-01~2026-01-31; 2027-01-01至2027-01-15` (`~`, `至`, `到`, ` - `). */
export function toRanges(cell: Cell): Converted<DateRange[]> {
  const ranges: DateRange[] = [];
  for (const part of cellLines(cell).flatMap((line) => line.split(/[;、]+/))) {
    if (part.trim() === "") continue;
    const ends = part.trim().split(/\s*(?:~|至|到|—|–)\s*|\s+-\s+/);
    const from = ends.length === 2 ? toDate({ value: ends[0]! }) : null;
    const to = ends.length === 2 ? toDate({ value: ends[1]! }) : null;
    if (!from?.ok || !to?.ok) {
      return fail(
        `“${part.trim()}”应写成 开始日期~结束日期，如 2026-01-01~2026-01-31；多段用分号隔开`,
        `"${part.trim()}" must be from~to, e.g. 2026-01-01~2026-01-31; periods apart by ;`,
      );
    }
    ranges.push({ from: from.value, to: to.value });
  }
  return ok(ranges);
}
