/**
 * What exceljs's streaming reader does not give, read beforehand in one pass over a worksheet's
 * XML, or the shared strings' (saxes reads the XML as events). Only what is found is kept, so
 * memory grows with the merges and oddities of a workbook, not with its cells:
 * - merged ranges: the streaming reader skips `<mergeCell>`, and `<mergeCells>` comes after
 *   `<sheetData>`, so the rows have gone by when the merges are seen;
 * - cells the streaming reader reads otherwise than exceljs's workbook model (which the dry run
 *   used before, and whose reading is kept): a formula's boolean or error result (read as 1/0
 *   or NaN), an inline string of several runs (only the last run kept) or holding `&` (decoded
 *   twice);
 * - shared strings it reads otherwise: with phonetic runs (`<rPh>`, read instead of the text),
 *   with Excel's `_x000D_` escapes (left as written), or with text between the elements.
 */
import { SaxesParser, type SaxesTagPlain } from "saxes";
import type { CellValue } from "./cells.ts";

/** A merged range, 1-based and inclusive; the master cell is (top, left). */
export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface SheetScan {
  /** In the order the sheet lists them. */
  merges: MergeRange[];
  /** {@link cellKey} → the value exceljs's workbook model reads, where streaming reads another. */
  values: Map<number, CellValue>;
}

/** One number for a cell's place: columns end at XFD (16,384). */
export const cellKey = (row: number, column: number) => row * 16_385 + column;

/** A worksheet's merges and the cells to correct, from its XML. */
export function scanSheet(xml: AsyncIterable<string>): Promise<SheetScan> {
  return scanXml(xml, sheetScanner);
}

/** Shared string index → its text, where the streaming reader reads another. */
export function scanSharedStrings(xml: AsyncIterable<string>): Promise<Map<number, string>> {
  return scanXml(xml, stringsScanner);
}

interface Scanner<T> {
  open(node: SaxesTagPlain): void;
  text(text: string): void;
  close(name: string): void;
  result(): T;
}

async function scanXml<T>(xml: AsyncIterable<string>, make: () => Scanner<T>): Promise<T> {
  const scanner = make();
  const parser = new SaxesParser();
  parser.on("opentag", (node) => scanner.open(node));
  parser.on("text", (text) => scanner.text(text));
  parser.on("closetag", (node) => scanner.close(node.name));
  for await (const text of xml) parser.write(text);
  parser.close();
  return scanner.result();
}

/** Excel's escape of a character XML cannot hold (`_x000D_`), decoded as exceljs does. */
const unescapeExcel = (text: string) =>
  text.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
const hasExcelEscape = (text: string) => /_x[0-9A-F]{4}_/.test(text);

function sheetScanner(): Scanner<SheetScan> {
  const merges: MergeRange[] = [];
  const values = new Map<number, CellValue>();
  // The cell being read.
  let ref: string | undefined;
  let type: string | undefined;
  let formula = false;
  let v = "";
  let inV = false;
  /** Text pieces of an inline string, each with whether it is a rich-text run's. */
  let pieces: { text: string; run: boolean }[] = [];
  let inRun = false;
  let phonetic = 0;
  let piece: { text: string; run: boolean } | null = null;
  return {
    open(node) {
      switch (node.name) {
        case "c":
          ref = node.attributes.r;
          type = node.attributes.t;
          formula = false;
          v = "";
          pieces = [];
          break;
        case "f":
          formula = true;
          break;
        case "v":
          inV = true;
          break;
        case "r":
          inRun = true;
          break;
        case "rPh":
          phonetic++;
          break;
        case "t":
          if (ref !== undefined && phonetic === 0) {
            piece = { text: "", run: inRun };
            pieces.push(piece);
          }
          break;
        case "mergeCell": {
          const range = node.attributes.ref ? parseRange(node.attributes.ref) : null;
          if (range) merges.push(range);
          break;
        }
      }
    },
    text(text) {
      if (inV) v += text;
      else if (piece) piece.text += text;
    },
    close(name) {
      switch (name) {
        case "v":
          inV = false;
          break;
        case "t":
          piece = null;
          break;
        case "r":
          inRun = false;
          break;
        case "rPh":
          phonetic--;
          break;
        case "c": {
          const at = ref === undefined ? null : parseCell(ref);
          const value = at ? correctedCell(type, formula, v, pieces) : undefined;
          if (at && value !== undefined) values.set(cellKey(at.row, at.column), value);
          ref = undefined;
          break;
        }
      }
    },
    result: () => ({ merges, values }),
  };
}

/** The workbook model's value of a cell the streaming reader reads otherwise; else undefined. */
function correctedCell(
  type: string | undefined,
  formula: boolean,
  v: string,
  pieces: readonly { text: string; run: boolean }[],
): CellValue | undefined {
  if (formula && v !== "") {
    if (type === "b") return Number.parseInt(v, 10) !== 0;
    if (type === "e") return v;
    return undefined;
  }
  if (type !== "inlineStr" || pieces.length === 0) return undefined;
  const oneRun = pieces.length === 1 && !pieces[0]!.run;
  if (oneRun && !pieces[0]!.text.includes("&")) return undefined;
  return pieces.map((p) => (p.run ? unescapeExcel(p.text) : p.text)).join("");
}

function stringsScanner(): Scanner<Map<number, string>> {
  const corrected = new Map<number, string>();
  let index = -1;
  let texts: string[] = [];
  let inT = false;
  let phonetic = 0;
  let odd = false;
  return {
    open(node) {
      switch (node.name) {
        case "si":
          index++;
          texts = [];
          odd = false;
          break;
        case "rPh":
          phonetic++;
          odd = true;
          break;
        case "t":
          inT = phonetic === 0;
          if (inT) texts.push("");
          break;
      }
    },
    text(text) {
      if (inT) texts[texts.length - 1] += text;
      else if (index >= 0) odd = true;
    },
    close(name) {
      switch (name) {
        case "t":
          inT = false;
          break;
        case "rPh":
          phonetic--;
          break;
        case "si":
          if (odd || texts.some(hasExcelEscape)) {
            corrected.set(index, texts.map(unescapeExcel).join(""));
          }
          break;
      }
    },
    result: () => corrected,
  };
}

/** `B12` → row 12, column 2 (a `$` allowed); null if it is not a cell reference. */
export function parseCell(ref: string): { row: number; column: number } | null {
  const match = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(ref.toUpperCase());
  if (!match) return null;
  let column = 0;
  for (const letter of match[1]!) column = column * 26 + letter.charCodeAt(0) - 64;
  return { row: Number(match[2]), column };
}

/** `A1:C2` (either corner first) or a single cell; null if unreadable. */
export function parseRange(ref: string): MergeRange | null {
  const [from, to = from] = ref.split(":");
  const a = parseCell(from!);
  const b = parseCell(to!);
  if (!a || !b) return null;
  return {
    top: Math.min(a.row, b.row),
    left: Math.min(a.column, b.column),
    bottom: Math.max(a.row, b.row),
    right: Math.max(a.column, b.column),
  };
}
