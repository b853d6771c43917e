import { describe, expect, it } from "vitest";
import {
  commitPercent,
  errorText,
  formatArea,
  type ImportJob,
  isInProgress,
  reconciliationRows,
  type Totals,
  unitOf,
  wizardStep,
  workbookLanguage,
} from "./imports";

const totals = (over: Partial<Totals> = {}): Totals => ({
  units: 4,
  grossAreaHundredths: 31075,
  customers: 3,
  leases: 3,
  monthlyRentRollMinor: 2650000,
  arrearsBills: 2,
  arrearsMinor: 679925,
  arrearsByFeeCode: { rent: 650000, management: 29925 },
  deposits: 2,
  depositsHeldMinor: 5275000,
  prepayments: 1,
  prepaymentsMinor: 50000,
  ...over,
});

const job = (status: ImportJob["status"]): ImportJob =>
  ({ status, steps: [] }) as unknown as ImportJob;

describe("import status", () => {
  it("polls only while the import changes by itself", () => {
    expect(isInProgress("committing")).toBe(true);
    expect(isInProgress("failing")).toBe(true);
    expect(isInProgress("rolling_back")).toBe(true);
    for (const s of ["invalid", "validated", "committed", "failed", "rolled_back"] as const)
      expect(isInProgress(s)).toBe(false);
  });

  it("places the wizard on the step the import stands at", () => {
    expect(wizardStep(null)).toEqual({ current: 0, status: "process" });
    expect(wizardStep(job("invalid"))).toEqual({ current: 1, status: "error" });
    expect(wizardStep(job("validated"))).toEqual({ current: 2, status: "process" });
    expect(wizardStep(job("failed"))).toEqual({ current: 2, status: "error" });
    expect(wizardStep(job("committed"))).toEqual({ current: 3, status: "finish" });
    expect(wizardStep(job("rolled_back")).status).toBe("error");
  });
});

describe("commitPercent", () => {
  it("counts rows done over all rows, never past 100", () => {
    expect(commitPercent([])).toBe(0);
    expect(
      commitPercent([
        { name: "units", state: "done", rowsDone: 4, rowsTotal: 4 },
        { name: "customers", state: "running", rowsDone: 1, rowsTotal: 3 },
        { name: "leases", state: "pending", rowsDone: 0, rowsTotal: 3 },
      ]),
    ).toBe(50);
    expect(commitPercent([{ name: "units", state: "done", rowsDone: 9, rowsTotal: 4 }])).toBe(100);
  });

  it("counts whole steps when no step has rows", () => {
    expect(
      commitPercent([
        { name: "units", state: "done", rowsDone: 0, rowsTotal: 0 },
        { name: "release", state: "pending", rowsDone: 0, rowsTotal: 0 },
      ]),
    ).toBe(50);
  });
});

describe("figures", () => {
  it("tells money, areas and counts apart by the figure's name", () => {
    expect(unitOf("leases.monthlyRentRollMinor")).toBe("money");
    expect(unitOf("amountMinor")).toBe("money");
    expect(unitOf("arrears.byFeeCode.rent")).toBe("money");
    expect(unitOf("units.grossAreaHundredths")).toBe("area");
    expect(unitOf("units.count")).toBe("count");
    expect(unitOf("arrearsBills")).toBe("count");
  });

  it("shows hundredths of m² as decimals without rounding", () => {
    expect(formatArea(31075)).toBe("310.75");
    expect(formatArea(5)).toBe("0.05");
    expect(formatArea(100)).toBe("1.00");
    expect(formatArea(-250)).toBe("-2.50");
  });
});

describe("reconciliationRows", () => {
  it("before the commit lists the workbook's totals with fees after the arrears total", () => {
    const rows = reconciliationRows(totals(), null);
    expect(rows.map((r) => r.fee ?? r.label)).toEqual([
      "units",
      "grossAreaHundredths",
      "customers",
      "leases",
      "monthlyRentRollMinor",
      "arrearsBills",
      "arrearsMinor",
      "management",
      "rent",
      "deposits",
      "depositsHeldMinor",
      "prepayments",
      "prepaymentsMinor",
    ]);
    expect(rows.every((r) => r.system === null && r.matches)).toBe(true);
    expect(rows.find((r) => r.fee === "rent")).toMatchObject({ unit: "money", sheet: 650000 });
    expect(rows.find((r) => r.label === "grossAreaHundredths")?.unit).toBe("area");
  });

  it("after the commit marks each figure the system holds differently", () => {
    const rows = reconciliationRows(
      totals(),
      totals({ leases: 2, arrearsByFeeCode: { rent: 650000, water: 100 } }),
    );
    const off = rows.filter((r) => !r.matches).map((r) => [r.fee ?? r.label, r.sheet, r.system]);
    expect(off).toEqual([
      ["leases", 3, 2],
      ["management", 29925, 0],
      ["water", 0, 100],
    ]);
  });
});

describe("texts and files", () => {
  it("picks the error message and workbook language of the console's language", () => {
    expect(errorText({ zh: "不是数字", en: "is not a number" }, "zh-CN")).toBe("不是数字");
    expect(errorText({ zh: "不是数字", en: "is not a number" }, "en")).toBe("is not a number");
    expect(workbookLanguage("zh-CN")).toBe("zh");
    expect(workbookLanguage("en")).toBe("en");
  });
});
