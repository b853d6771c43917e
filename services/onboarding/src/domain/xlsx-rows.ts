/**
 * An .xlsx read row by row with exceljs's streaming worksheet reader, each row handed on as our
 * compact {@link Cell}s and dropped: memory does not grow with the sheet as it does with
 * exceljs's workbook model (an object per row and per cell, ~100 × the file's size).
 *
 * The zip is read through its central directory (yauzl), one entry at a time, inflated as it is
 * read: relationships, workbook, shared strings and styles first, then each worksheet. exceljs's
 * own `WorkbookReader.parse()` reads the zip in one streaming pass instead and, on Node 18 and
 * later, now and then loses an entry on the way (shared strings read as `{sharedString: 3}`,
 * or the workbook's sheet list; exceljs issues 683 and 3064, fixes unmerged in 4.4.0). So its
 * steps are called here in that order, on whole entries given as text (see {@link utf8}):
 * `_parseRels`, `_parseWorkbook`, `_parseSharedStrings`, `_parseStyles`, `_parseWorksheet`
 * (exceljs 4.4's lib/stream/xlsx/workbook-reader.js; the tests fail if a new exceljs changes
 * them).
 *
 * Each row reads as exceljs's workbook model read it (what the dry run used before): a merged
 * cell as its value in every cell it covers — rows the file leaves out inside a merge included —
 * with the covered cell's own number format; dates by number format, formula results too;
 * what the streaming reader reads otherwise is corrected from the pass of xlsx-scan.ts over the
 * same entry. Rows come in ascending order (as spreadsheets write them); a sheet whose rows go
 * back is refused as unreadable.
 */
import { createRequire } from "node:module";
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import yauzl from "yauzl";
import { type Cell, cellFromExcel } from "./cells.ts";
import {
  cellKey,
  type MergeRange,
  type SheetScan,
  scanSharedStrings,
  scanSheet,
} from "./xlsx-scan.ts";

/**
 * exceljs's own helpers (untyped, so typed here): whether a number format shows a date, and an
 * Excel serial as a date in the 1900 or 1904 system — to read dates as its workbook model does.
 */
const excelUtils = createRequire(import.meta.url)("exceljs/lib/utils/utils.js") as {
  isDateFmt(numFmt: string | undefined): boolean;
  excelToDate(serial: number, date1904?: boolean): Date;
};

/** Receives a worksheet's rows in ascending order, each with at least one value. */
export interface RowSink {
  row(number: number, cells: Cell[]): void;
}

/** The steps of exceljs's streaming workbook reader called here (see the header). */
interface WorkbookReaderSteps {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(
    entry: Readable,
    sheetNo: string,
  ): Iterable<{ eventType: string; value: StreamingWorksheet }>;
  sharedStrings?: unknown[];
  properties?: { model?: { date1904?: boolean } };
  model?: { sheets?: { name: string }[] };
}
interface StreamingWorksheet extends AsyncIterable<ExcelJS.Row> {
  name: string;
}

const worksheetPath = /^xl\/worksheets\/sheet(\d+)[.]xml$/;

/**
 * Streams every worksheet of `bytes` into the sink `sinkOf` gives for its name (none: the rows
 * are read past). Returns the worksheets' names in the workbook's order. Throws when the bytes
 * are not a readable .xlsx.
 */
export async function streamWorksheets(
  bytes: Uint8Array,
  sinkOf: (name: string) => RowSink | undefined,
): Promise<string[]> {
  const zip = await yauzl.fromBufferPromise(
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  );
  try {
    const entries = new Map<string, yauzl.Entry>();
    for await (const entry of zip.eachEntry()) entries.set(entry.fileName, entry);
    const open = async (path: string) =>
      Readable.from(utf8(await zip.openReadStreamPromise(entries.get(path)!)));
    const has = (path: string) => entries.has(path);

    const reader = new ExcelJS.stream.xlsx.WorkbookReader(undefined as never, {
      worksheets: "emit",
      sharedStrings: "cache",
      styles: "cache",
      hyperlinks: "ignore",
    }) as unknown as WorkbookReaderSteps;
    if (has("xl/_rels/workbook.xml.rels")) {
      await reader._parseRels(await open("xl/_rels/workbook.xml.rels"));
    }
    if (has("xl/workbook.xml")) await reader._parseWorkbook(await open("xl/workbook.xml"));
    if (has("xl/sharedStrings.xml")) {
      for await (const _ of reader._parseSharedStrings(await open("xl/sharedStrings.xml"))) {
        // Cached on the reader; nothing is yielded.
      }
      const corrected = await scanSharedStrings(await open("xl/sharedStrings.xml"));
      for (const [index, text] of corrected) {
        if (reader.sharedStrings && index < reader.sharedStrings.length) {
          reader.sharedStrings[index] = text;
        }
      }
    }
    if (has("xl/styles.xml")) await reader._parseStyles(await open("xl/styles.xml"));
    const date1904 = reader.properties?.model?.date1904 === true;

    const names: string[] = [];
    for (const path of entries.keys()) {
      const sheetNo = worksheetPath.exec(path)?.[1];
      if (sheetNo === undefined) continue;
      const scan = await scanSheet(await open(path));
      for (const { value: worksheet } of reader._parseWorksheet(await open(path), sheetNo)) {
        names.push(worksheet.name);
        const rows = new SheetRows(scan, date1904, sinkOf(worksheet.name));
        for await (const row of worksheet) rows.add(row);
        rows.end();
      }
    }
    const order = (reader.model?.sheets ?? []).map((sheet) => sheet.name);
    const at = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
    return names.sort((a, b) => at(a) - at(b));
  } finally {
    zip.close();
  }
}

/**
 * An entry's bytes as text. exceljs decodes each chunk on its own, so a character split between
 * two chunks (a Chinese one is 3 bytes) reads as U+FFFD; given text, it takes it as it is.
 */
async function* utf8(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of bytes) yield decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest !== "") yield rest;
}

interface ActiveMerge extends MergeRange {
  /** The master cell as read; none until its row is read, or when it is empty. */
  master?: Cell;
}

/** One worksheet's rows into compact cells, merges applied. */
class SheetRows {
  private readonly merges: MergeRange[];
  private next = 0;
  private active: ActiveMerge[] = [];
  private last = 0;
  private readonly scan: SheetScan;
  private readonly date1904: boolean;
  private readonly sink: RowSink | undefined;

  constructor(scan: SheetScan, date1904: boolean, sink: RowSink | undefined) {
    this.scan = scan;
    this.date1904 = date1904;
    this.sink = sink;
    this.merges = [...scan.merges].sort((a, b) => a.top - b.top);
    refuseOverlaps(this.merges);
  }

  add(row: ExcelJS.Row): void {
    const number = row.number;
    if (!(number > this.last)) throw new Error(`row ${number} comes after row ${this.last}`);
    this.coverUpTo(number - 1);
    this.active = this.active.filter((merge) => merge.bottom >= number);
    this.startMergesAt(number);
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      cells[column] = this.cellOf(number, column, cell);
    });
    for (const merge of this.active) {
      const master = cells[merge.left];
      if (merge.top === number && master && master.value !== null) merge.master = master;
    }
    this.applyMerges(number, cells, row);
    this.emit(number, cells);
  }

  /** After the last row: the rows a merge still covers. */
  end(): void {
    this.coverUpTo(Number.POSITIVE_INFINITY);
  }

  private cellOf(row: number, column: number, cell: ExcelJS.Cell): Cell {
    const numFmt = cell.numFmt;
    const corrected = this.scan.values.get(cellKey(row, column));
    if (corrected !== undefined) return cellFromExcel(corrected, numFmt);
    const value = cell.value as unknown;
    // The workbook model reads a formula's number result in a date format as a date; the
    // streaming reader does so only for plain numbers.
    if (value !== null && typeof value === "object" && "formula" in value) {
      const result = (value as { result?: unknown }).result;
      if (typeof result === "number" && excelUtils.isDateFmt(numFmt)) {
        return cellFromExcel(excelUtils.excelToDate(result, this.date1904), numFmt);
      }
    }
    return cellFromExcel(value, numFmt);
  }

  /** Merges beginning at `row`, or at a row the file left out before it, become active. */
  private startMergesAt(row: number): void {
    while (this.next < this.merges.length && this.merges[this.next]!.top <= row) {
      this.active.push({ ...this.merges[this.next]! });
      this.next++;
    }
  }

  /**
   * Emits the rows after the last one read, up to `row`, that a merge of a value covers (the
   * file leaves them out; the workbook model has them). Only merges begun at a row read can
   * have a value, so the rows to emit end at the furthest bottom of those.
   */
  private coverUpTo(row: number): void {
    let reach = this.last;
    for (const merge of this.active) {
      if (merge.master && merge.bottom > reach) reach = merge.bottom;
    }
    for (let r = this.last + 1; r <= Math.min(row, reach); r++) {
      const cells: Cell[] = [];
      this.applyMerges(r, cells, undefined);
      this.emit(r, cells);
    }
  }

  /** Every cell a merge covers in `row` (not the master) reads as the master's value. */
  private applyMerges(row: number, cells: Cell[], excelRow: ExcelJS.Row | undefined): void {
    for (const merge of this.active) {
      if (merge.top > row || merge.bottom < row) continue;
      for (let column = merge.left; column <= merge.right; column++) {
        if (row === merge.top && column === merge.left) continue;
        const master = merge.master;
        if (!master) {
          delete cells[column];
          continue;
        }
        // Its own number format (5% where the covered cell says so), if the file has the cell.
        const own = excelRow?.findCell(column);
        cells[column] = own ? cellFromExcel(master.value, own.numFmt) : { ...master };
      }
    }
  }

  private emit(row: number, cells: Cell[]): void {
    this.last = row;
    if (this.sink && cells.some((cell) => cell && cell.value !== null)) this.sink.row(row, cells);
  }
}

/** exceljs's workbook model refuses a workbook whose merges overlap; so does this reading. */
function refuseOverlaps(sorted: readonly MergeRange[]): void {
  let open: MergeRange[] = [];
  for (const merge of sorted) {
    open = open.filter((other) => other.bottom >= merge.top);
    for (const other of open) {
      if (other.left <= merge.right && merge.left <= other.right) {
        throw new Error("merged cells overlap");
      }
    }
    open.push(merge);
  }
}
