/**
 * The go-live template a site downloads: an instructions sheet (说明), one sheet per kind of
 * data (sheets.ts) with its headers — Chinese by default, English with `lang: "en"` — an example
 * row, column widths and formats (text for codes and ID numbers, so 0-led codes and 18-digit
 * numbers survive), and drop-down lists for every enumeration, read from a hidden lists sheet
 * (选项). What the parser accepts is wider than the lists: codes and aliases too.
 */
import ExcelJS from "exceljs";
import {
  type ColumnSpec,
  instructionsSheet,
  type Lang,
  listsSheet,
  type SheetSpec,
  sheetKeys,
  sheetSpecs,
} from "./sheets.ts";
import { exampleCell } from "./template-examples.ts";
import { booleanTerms, type Vocabulary } from "./vocabulary.ts";

export interface TemplateOptions {
  /** Headers and labels: Chinese (default) or English. */
  lang?: Lang;
  /** Shown on the instructions sheet. */
  siteName?: string;
}

/** Rows below the header that get drop-down lists and formats. */
export const TEMPLATE_ROWS = 5000;

/** Builds the template workbook (.xlsx bytes). */
export async function buildTemplate(options: TemplateOptions = {}): Promise<Buffer> {
  const workbook = templateWorkbook(options);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The template as an exceljs workbook (to write, stream or fill in). */
export function templateWorkbook(options: TemplateOptions = {}): ExcelJS.Workbook {
  const lang = options.lang ?? "zh";
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "SLMS";
  writeInstructions(workbook.addWorksheet(instructionsSheet[lang]), lang, options.siteName);
  const sheets = sheetKeys.map((key) => workbook.addWorksheet(sheetSpecs[key][lang]));
  const lists = workbook.addWorksheet(listsSheet[lang], { state: "hidden" });
  const listRange = writeLists(lists, lang);
  sheetKeys.forEach((key, i) => {
    writeDataSheet(sheets[i]!, sheetSpecs[key], lang, listRange);
  });
  return workbook;
}

const headerFill: ExcelJS.Fill = {
  type: "pattern",
  pattern: "solid",
  fgColor: { argb: "FFDDEBF7" },
};
const requiredFill: ExcelJS.Fill = {
  type: "pattern",
  pattern: "solid",
  fgColor: { argb: "FFFCE4D6" },
};

const numFmts: Partial<Record<ColumnSpec["kind"], string>> = {
  text: "@",
  identifier: "@",
  words: "@",
  phrases: "@",
  steps: "@",
  ranges: "@",
  money: "#,##0.00",
  area: "0.00",
  whole: "0",
  percent: "0.00%",
  date: "yyyy-mm-dd",
};

function writeDataSheet(
  sheet: ExcelJS.Worksheet,
  spec: SheetSpec,
  lang: Lang,
  listRange: (vocabulary: Vocabulary) => string | undefined,
): void {
  const columns = spec.columns.filter((column) => column.inTemplate);
  sheet.columns = columns.map((column) => ({
    header: column.required ? `${column[lang]}*` : column[lang],
    key: column.key,
    width: Math.max(column.width ?? 12, column[lang].length + 4),
    style: numFmts[column.kind] ? { numFmt: numFmts[column.kind]! } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  columns.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.fill = column.required ? requiredFill : headerFill;
    cell.note = column.note[lang];
  });
  const example = sheet.getRow(2);
  columns.forEach((column, i) => {
    const cell = example.getCell(i + 1);
    const value = exampleCell(column, lang).value;
    if (value !== null) cell.value = value;
    cell.font = { italic: true, color: { argb: "FF808080" } };
  });
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  const validations = (sheet as unknown as { dataValidations: DataValidations }).dataValidations;
  columns.forEach((column, i) => {
    const vocabulary = column.kind === "boolean" ? booleanTerms : column.vocabulary;
    const range = vocabulary ? listRange(vocabulary) : undefined;
    if (!range) return;
    const letter = sheet.getColumn(i + 1).letter;
    validations.add(`${letter}2:${letter}${TEMPLATE_ROWS + 1}`, {
      type: "list",
      allowBlank: true,
      formulae: [range],
      showErrorMessage: false,
    });
  });
}

interface DataValidations {
  add(address: string, validation: ExcelJS.DataValidation): void;
}

/** Writes each vocabulary's labels in a column of the lists sheet; returns the range of each. */
function writeLists(
  sheet: ExcelJS.Worksheet,
  lang: Lang,
): (vocabulary: Vocabulary) => string | undefined {
  const ranges = new Map<Vocabulary, string>();
  const vocabularies = new Set<Vocabulary>([booleanTerms]);
  for (const key of sheetKeys) {
    for (const column of sheetSpecs[key].columns)
      if (column.vocabulary) vocabularies.add(column.vocabulary);
  }
  let index = 1;
  for (const vocabulary of vocabularies) {
    const column = sheet.getColumn(index);
    vocabulary.forEach((term, i) => {
      sheet.getCell(i + 1, index).value = term[lang];
    });
    column.width = 24;
    ranges.set(
      vocabulary,
      `'${sheet.name}'!$${column.letter}$1:$${column.letter}$${vocabulary.length}`,
    );
    index++;
  }
  return (vocabulary) => ranges.get(vocabulary);
}

const general = {
  zh: [
    "填写说明",
    "1. 每个工作表第一行为表头（标 * 的列必填），第二行为示例（原样保留会被忽略，可删除）。",
    "2. 金额以元为单位，最多两位小数，可带 ¥ 和千位分隔符；面积以平方米为单位，最多两位小数。",
    "3. 日期可写为 2026-01-01、2026/1/1、2026.1.1 或 2026年1月1日；百分比写为 5% 。",
    "4. 下拉列表中的选项也可填写对应的英文或编码；列的顺序可以调整，多余的列会被忽略。",
    "5. 合同、期初欠费、押金、预交款所指的单元、客户和合同须在本工作簿中或本项目中已存在。",
    "6. 上传后先试运行：所有错误会按工作表、行、列列出，并可下载标注错误的工作簿；没有错误才能导入，导入要么全部成功，要么全部不生效。",
  ],
  en: [
    "How to fill in this workbook",
    "1. Row 1 of each sheet is the header (columns marked * are required); row 2 is an example, ignored while left as it is (you may delete it).",
    "2. Money in yuan with at most two decimals (¥ and thousands separators are fine); areas in m² with at most two decimals.",
    "3. Dates as 2026-01-01, 2026/1/1, 2026.1.1 or 2026年1月1日; percentages as 5%.",
    "4. Drop-down choices may also be typed in Chinese or as codes; columns may be reordered, extra columns are ignored.",
    "5. Units, customers and leases that leases and balances name must be in this workbook or already in the site.",
    "6. An upload is first a dry run: every error is listed by sheet, row and column, also as this workbook with an error column; only a workbook without errors is imported, all or nothing.",
  ],
};

function writeInstructions(
  sheet: ExcelJS.Worksheet,
  lang: Lang,
  siteName: string | undefined,
): void {
  sheet.getColumn(1).width = 22;
  sheet.getColumn(2).width = 10;
  sheet.getColumn(3).width = 90;
  const lines = general[lang];
  sheet.addRow([siteName ? `${lines[0]} — ${siteName}` : lines[0]]).font = { bold: true, size: 14 };
  for (const line of lines.slice(1)) sheet.addRow([line]);
  const [column, required, what] =
    lang === "zh" ? ["列", "必填", "说明"] : ["Column", "Required", "What to write"];
  for (const key of sheetKeys) {
    const spec = sheetSpecs[key];
    sheet.addRow([]);
    sheet.addRow([spec[lang], "", spec.note[lang]]).font = { bold: true };
    sheet.addRow([column, required, what]).font = { italic: true };
    for (const col of spec.columns.filter((c) => c.inTemplate)) {
      sheet.addRow([col[lang], col.required ? "*" : "", col.note[lang]]);
    }
  }
  sheet.addRow([]);
  sheet.addRow([
    lang === "zh"
      ? "合同表的费用3、费用4……可按同样格式增加列（最多 20 项）。"
      : "Add Fee 3, Fee 4… columns to the Leases sheet the same way (at most 20 fees).",
  ]);
}
