// The dry run's parse alone, in a fresh process: peak RSS while parseWorkbook reads the bench's
// generated workbook (sampled every 10 ms), and the V8 heap its result holds. PARSER=model reads
// it the way the dry run did before streaming (exceljs's workbook model, then grids), to compare.
// VALIDATE=1 also validates it (against an empty site) within the measure.
//
//   npx node bench/import/parse-memory.ts     (UNITS=10000; PARSER=stream|model; VALIDATE=0|1)
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import {
  cellFromExcel,
  type Grid,
  parseGrids,
  parseWorkbook,
  validateWorkbook,
} from "@slms/onboarding/domain";
import ExcelJS from "exceljs";
import { generateSite, rowCount, writeWorkbook } from "./workbook.ts";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const MiB = 1024 * 1024;
const units = Number(process.env.UNITS ?? 10_000);
const parser = process.env.PARSER ?? "stream";

async function parseWithModel(xlsx: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as never);
  const grids = workbook.worksheets.map((worksheet): Grid => {
    const rows: Grid["rows"] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, r) => {
      const cells: NonNullable<Grid["rows"][number]> = [];
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        cells[c] = cellFromExcel(cell.value, cell.numFmt);
      });
      rows[r] = cells;
    });
    return { name: worksheet.name, rows };
  });
  return parseGrids(grids);
}

const site = generateSite(units);
const xlsx = await writeWorkbook(site);
gc();
const before = process.memoryUsage();
let peak = before.rss;
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 10);
const started = performance.now();
const parsed = parser === "model" ? await parseWithModel(xlsx) : await parseWorkbook(xlsx);
const validated =
  process.env.VALIDATE === "1"
    ? validateWorkbook(parsed, { siteKey: "bench", asOf: "2026-01-01" })
    : undefined;
const seconds = (performance.now() - started) / 1000;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
gc();
const after = process.memoryUsage();
const rows = Object.values(parsed.sheets).reduce((n, sheet) => n + sheet.rows.length, 0);
console.log(
  `${parser}${validated ? ` + validate (${validated.ok ? "valid" : "invalid"})` : ""}: ${rowCount(site).toLocaleString("en")} rows, workbook ${(xlsx.length / MiB).toFixed(1)} MiB; ` +
    `${validated ? "parsed and validated" : "parsed"} ${rows.toLocaleString("en")} rows in ${seconds.toFixed(2)} s; ` +
    `RSS ${Math.round(before.rss / MiB)} → peak ${Math.round(peak / MiB)} MiB (+${Math.round((peak - before.rss) / MiB)}); ` +
    `heap held by the result${validated ? "s" : ""} ${Math.round((after.heapUsed - before.heapUsed) / MiB)} MiB`,
);
