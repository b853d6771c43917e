import { readFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseWorkbook } from "../src/domain/parse.ts";
import { validateWorkbook } from "../src/domain/validate.ts";

// A workbook saved by LibreOffice Calc 7.4 (made by fixtures/make-libreoffice-fixture.ts from
// the .fods beside it; see there for what is messy about it). Committed, so this test needs no
// LibreOffice.

/** One entry of a zip file (an .xlsx), found through its central directory. */
function zipEntry(zip: Buffer, name: string): string {
  const central = "PK\x01\x02";
  for (
    let at = zip.indexOf(central, 0, "latin1");
    at >= 0;
    at = zip.indexOf(central, at + 4, "latin1")
  ) {
    const nameLength = zip.readUInt16LE(at + 28);
    if (zip.toString("utf8", at + 46, at + 46 + nameLength) !== name) continue;
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    return (method === 8 ? inflateRawSync(data) : data).toString("utf8");
  }
  throw new Error(`${name} is not in the zip`);
}

const fixture = readFileSync(new URL("./fixtures/libreoffice-messy.xlsx", import.meta.url));

describe("a messy workbook saved by LibreOffice", () => {
  it("is saved by LibreOffice (not by the library that reads it)", () => {
    expect(zipEntry(fixture, "docProps/app.xml")).toMatch(/<Application>LibreOffice\//);
  });

  it("finds each sheet's header below a merged title, across a merged two-row header", async () => {
    const parsed = await parseWorkbook(fixture);
    expect(parsed.errors).toEqual([]);
    const units = parsed.sheets.units!;
    expect([units.name, units.headerRow]).toEqual(["房源", 3]);
    expect(units.headers).toEqual({
      code: "单元编码",
      kind: "类型",
      grossArea: "建筑面积",
      usableArea: "使用面积",
      listRent: "挂牌月租金(元)",
      status: "状 态",
    });
    // Trailing blank and whitespace-only rows are not rows.
    expect(units.rows.map((r) => r.row)).toEqual([4, 5, 6, 7]);
  });

  it("reads every messy cell to its exact value", async () => {
    const { sheets } = await parseWorkbook(fixture);
    expect(sheets.units!.rows.map((r) => r.values)).toEqual([
      {
        code: "A-101",
        kind: "apartment",
        grossArea: 8550,
        usableArea: 7000,
        listRent: 650000,
        status: "leased",
      },
      { code: "A-102", kind: "apartment", grossArea: 9025, listRent: 650000, status: "leased" }, // rich text, full-width
      { code: "S-01", kind: "shop", grossArea: 12000, listRent: 1200050 },
      { code: "101", kind: "parking_garage", grossArea: 1500, listRent: 30000, status: "vacant" }, // a number code
    ]);
    const leases = sheets.leases!.rows.map((r) => r.values);
    expect(leases.map((l) => [l.startDate, l.endDate])).toEqual([
      ["2025-07-01", "2027-06-30"], // a date cell; 2027/6/30
      ["2026-01-01", "2030-12-31"], // 2026年1月1日; 2030.12.31
      ["2026-01-01", "2026-12-31"], // a serial number; 20261231
    ]);
    expect(leases[0]).toMatchObject({ escalationRate: 500, dueDay: 5, deposit: 1300000 }); // 5% cell, "５", "13,000"
    expect(leases[1]!.unitCodes).toEqual(["S-01", "101"]); // a full-width comma
    expect(sheets.deposits!.rows[0]!.values.amount).toBe(1300000); // a formula's result
    expect(sheets.customers!.rows[1]!.values.phones).toEqual(["010-12345678"]);
  });

  it("validates into the plan, with the workbook's own totals to the fen", async () => {
    const result = validateWorkbook(await parseWorkbook(fixture), {
      siteKey: "sit_sunshine",
      asOf: "2026-01-01",
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
    const { plan } = result;
    expect(plan.customers.map((c) => c.idNumber)).toEqual([
      "11010519491231002X",
      "91350100M000100Y43",
      "110101199003074477",
    ]);
    expect(plan.leases[1]!.terms.rent).toEqual({
      kind: "per_m2_month",
      rateMinorPerM2: 10000,
      areaHundredths: 13500,
    });
    expect(plan.prepayments[0]!.customer).toEqual({
      in: "workbook",
      key: plan.customers[2]!.key,
      idNumber: "110101199003074477",
    });
    expect(result.totals).toEqual({
      units: { count: 4, grossAreaHundredths: 31075, usableAreaHundredths: 29525 },
      customers: { count: 3 },
      // 6,500 + 100 × 135 m² + 78,000 / 12
      leases: { count: 3, monthlyRentRollMinor: 650000 + 1350000 + 650000 },
      arrears: { count: 2, totalMinor: 679925, byFeeCode: { rent: 650000, management: 29925 } },
      deposits: { count: 2, heldMinor: 5275000 },
      prepayments: { count: 1, totalMinor: 50000 },
    });
  });
});
